/* cnscd quiz widget and enrollment (no framework, no build step).

   .cnscd-quiz   : loads the quiz JSON, asks the questions in fieldsets, explains every answer,
                   scores, and (for an enrolled member) queues the attempt for the tracker.
   .cnscd-enroll : keeps the member token from the link's #t=... on this device, takes it out
                   of the address bar, and shows who is enrolled and what is still to be sent.

   Attempts wait in the shared outbox (outbox.js, loaded first) with an id made here, so a retry
   never counts twice: the tracker stores an attempt id once. Nothing is sent without
   enrollment (practice mode). */
(function () {
  "use strict";

  var KEY_TOKEN = "cnscd.token", KEY_MEMBER = "cnscd.member", KEY_OLD_QUEUE = "cnscd.queue";
  var KEY_RESULTS = "cnscd.results", KEY_QUIZ = "cnscd.quiz.";
  var TOKEN_RE = /^[A-Za-z0-9_-]{22,64}$/;
  var outbox = window.CnscdOutbox("attempts", "attempts");

  var TEXT = {
    vi: {
      loading: "Đang tải bài kiểm tra…",
      loadFailed: "Không tải được bài kiểm tra. Hãy kiểm tra kết nối mạng rồi tải lại trang.",
      question: "Câu {n}/{total}",
      pickOne: "Chọn một đáp án.",
      pickMany: "Chọn tất cả đáp án đúng.",
      submit: "Nộp bài",
      retry: "Làm lại",
      unanswered: "Còn {n} câu chưa trả lời.",
      right: "Đúng.",
      wrong: "Chưa đúng.",
      rightAnswer: "Đáp án đúng: {answer}",
      score: "Bạn trả lời đúng {correct}/{total} câu ({percent}%).",
      passed: "Đạt! (cần {pass}%)",
      failed: "Chưa đạt (cần {pass}%). Hãy đọc lại bài rồi làm lại.",
      practice: "Chế độ luyện tập: kết quả không được ghi nhận. Thành viên tổ hãy ghi danh bằng liên kết trên thẻ thành viên.",
      practiceFile: "Bản ngoại tuyến: kết quả không được ghi nhận.",
      enrolledAs: "Kết quả được ghi nhận cho {name}.",
      enrolledDevice: "Máy này đã ghi danh: kết quả sẽ được ghi nhận.",
      sending: "Đang gửi kết quả…",
      recorded: "Đã ghi nhận kết quả.",
      pending: "Chưa có mạng: kết quả được lưu trên máy này và sẽ tự gửi khi có mạng.",
      pendingCount: "Kết quả đang chờ gửi: {n}.",
      waitOffline: "Chưa kết nối được với hệ thống: kết quả được giữ trên máy này và sẽ tự gửi lại.",
      waitServer: "Hệ thống đang gặp sự cố ({message}): kết quả được giữ trên máy này và sẽ tự gửi lại.",
      waitBusy: "Hệ thống đang bận: kết quả được giữ trên máy này và sẽ tự gửi lại sau ít phút.",
      waitAuth: "Hệ thống chưa nhận ra ghi danh trên máy này ({message}): kết quả vẫn được giữ trên máy và sẽ tự gửi lại. Hãy báo người hướng dẫn.",
      sendNow: "Gửi ngay",
      lastResult: "Đã ghi nhận kết quả bài này: {percent}%, {verdict}.",
      verdictPassed: "đạt",
      verdictFailed: "chưa đạt",
      rejectedQuiz: "Bài kiểm tra đã được cập nhật sau khi bạn làm, nên kết quả cũ không gửi được. Hãy tải lại trang và làm lại.",
      rejectedOther: "Hệ thống không nhận một kết quả ({message}).",
      dismiss: "Đã hiểu",
      enrollChecking: "Đang xác nhận ghi danh…",
      enrollOk: "Đã ghi danh: {name} ({team}, {commune}). Bây giờ hãy mở một bài học và làm bài kiểm tra ở cuối bài.",
      enrollSaved: "Đã lưu ghi danh trên máy này. Sẽ xác nhận khi có mạng.",
      enrollBad: "Liên kết ghi danh không hợp lệ hoặc đã được thay bằng thẻ mới. Hãy hỏi người hướng dẫn.",
      enrollNone: "Máy này chưa ghi danh. Hãy quét mã QR trên thẻ thành viên của bạn bằng điện thoại này.",
      forget: "Hủy ghi danh trên máy này",
      forgetConfirm: "Hủy ghi danh trên máy này? {n} kết quả chưa gửi sẽ bị xóa.",
      forgotten: "Đã hủy ghi danh trên máy này.",
      forgetConfirmEmpty: "Hủy ghi danh trên máy này? Muốn ghi danh lại, bà con cần quét lại thẻ thành viên.",
      resultPractice: "Kết quả này không được gửi cho tổ (chế độ luyện tập).",
      resultSending: "Đang gửi kết quả cho tổ…",
      resultSent: "Đã gửi kết quả cho tổ: {percent}%, {verdict}.",
      resultSaved: "Đã lưu kết quả trên điện thoại này. Máy sẽ tự gửi cho tổ khi có mạng.",
      resultRefused: "Tổ chưa nhận được kết quả này. Xem thông báo ở trên.",
      sendFailed: "Chưa gửi được vì chưa có mạng. Kết quả vẫn được lưu trên điện thoại này và sẽ tự gửi khi có mạng.",
      sendTrying: "Đang gửi…",
      enrollNext: "Bài nên học tiếp: ",
      enrollAllDone: "Bà con đã đạt tất cả {n} bài. Xin chúc mừng!",
      enrollPassedCount: "Đã đạt {n}/{total} bài.",
      home: "Về trang chủ"
    },
    en: {
      loading: "Loading the quiz…",
      loadFailed: "The quiz could not be loaded. Check the connection and reload the page.",
      question: "Question {n} of {total}",
      pickOne: "Choose one answer.",
      pickMany: "Choose every right answer.",
      submit: "Check my answers",
      retry: "Try again",
      unanswered: "{n} question(s) not answered yet.",
      right: "Right.",
      wrong: "Not quite.",
      rightAnswer: "Right answer: {answer}",
      score: "You got {correct} of {total} right ({percent}%).",
      passed: "Passed! (needs {pass}%)",
      failed: "Not passed yet (needs {pass}%). Read the lesson again and retry.",
      practice: "Practice mode: results are not recorded. Team members: enroll with the link on your member card.",
      practiceFile: "Offline copy: results are not recorded.",
      enrolledAs: "Results are recorded for {name}.",
      enrolledDevice: "This phone is enrolled: results are recorded.",
      sending: "Sending the result…",
      recorded: "Result recorded.",
      pending: "No connection: the result is kept on this phone and sent when the connection returns.",
      pendingCount: "Results waiting to be sent: {n}.",
      waitOffline: "The tracker cannot be reached: results are kept on this phone and sent again by themselves.",
      waitServer: "The tracker has a problem ({message}): results are kept on this phone and sent again by themselves.",
      waitBusy: "The tracker is busy: results are kept on this phone and sent again in a few minutes.",
      waitAuth: "The tracker does not recognise the enrollment on this phone ({message}): results are still kept here and sent again by themselves. Tell your trainer.",
      sendNow: "Send now",
      lastResult: "Recorded for this lesson: {percent}%, {verdict}.",
      verdictPassed: "passed",
      verdictFailed: "not passed",
      rejectedQuiz: "The quiz was updated after you took it, so that result could not be sent. Reload the page and take it again.",
      rejectedOther: "The tracker refused a result ({message}).",
      dismiss: "Understood",
      enrollChecking: "Checking your enrollment…",
      enrollOk: "Enrolled: {name} ({team}, {commune}). Now open a lesson and take the quiz at its end.",
      enrollSaved: "Enrollment saved on this phone. It will be confirmed when online.",
      enrollBad: "This enrollment link is not valid, or was replaced by a new card. Ask your trainer.",
      enrollNone: "This phone is not enrolled. Scan the QR code on your member card with this phone.",
      forget: "Remove enrollment from this phone",
      forgetConfirm: "Remove enrollment from this phone? {n} result(s) not yet sent will be deleted.",
      forgotten: "Enrollment removed from this phone.",
      forgetConfirmEmpty: "Remove enrollment from this phone? To enroll again you will need to scan your member card.",
      resultPractice: "This result is not sent to the team (practice mode).",
      resultSending: "Sending the result to the team…",
      resultSent: "Sent to the team: {percent}%, {verdict}.",
      resultSaved: "Saved on this phone. It will be sent to the team by itself when the connection returns.",
      resultRefused: "The team did not receive this result. See the message above.",
      sendFailed: "Not sent yet: no connection. The result stays on this phone and will be sent by itself when the connection returns.",
      sendTrying: "Sending…",
      enrollNext: "Next lesson to take: ",
      enrollAllDone: "You have passed all {n} lessons. Congratulations!",
      enrollPassedCount: "Passed {n} of {total} lessons.",
      home: "Go to the home page"
    }
  };

  function texts(lang) { return TEXT[lang] || TEXT.vi; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? String(values[key]) : ""; });
  }
  /* One rounding rule with the tracker (generator/library/grading.py, percent_half_up): halves
     up, in integers, so 1 of 8 is 13% on the phone and on the dashboard. */
  function percentHalfUp(correct, total) { return total > 0 ? Math.floor((200 * correct + total) / (2 * total)) : 0; }
  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* Lesson text is short Markdown: **bold**, *italic*, `code`, line breaks. Built as DOM nodes
     (never innerHTML), so nothing in a quiz file can become markup. */
  function inline(parent, text) {
    var re = /(\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|`[^`]+`)/g, last = 0, match;
    text = String(text || "");
    while ((match = re.exec(text))) {
      if (match.index > last) addText(parent, text.slice(last, match.index));
      var token = match[0];
      var tag = token.charAt(0) === "`" ? "code" : (token.slice(0, 2) === "**" ? "strong" : "em");
      var cut = tag === "strong" ? 2 : 1;
      parent.appendChild(el(tag, { text: token.slice(cut, token.length - cut) }));
      last = match.index + token.length;
    }
    if (last < text.length) addText(parent, text.slice(last));
    return parent;
  }
  function addText(parent, text) {
    text.split("\n").forEach(function (line, i) {
      if (i) parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(line));
    });
  }

  /* ---- storage (every access guarded: private mode or a full disk must not break the quiz) ---- */
  function read(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function forgetKey(key) { try { localStorage.removeItem(key); } catch (e) { /* nothing to do */ } }
  function token() { var t = read(KEY_TOKEN, null); return typeof t === "string" && TOKEN_RE.test(t) ? t : null; }

  /* The API base: data-api (the tracker elsewhere; with or without its api/ part), else
     <site root>api/ on the same origin. Pages opened from files have no tracker. */
  function apiBase(section) {
    var api = section.getAttribute("data-api");
    if (api) {
      api = api.replace(/\/?$/, "/");
      return /\/api\/$/.test(api) ? api : api + "api/";
    }
    if (location.protocol !== "http:" && location.protocol !== "https:") return null;
    return new URL("api/", new URL(section.getAttribute("data-root") || "./", location.href)).href;
  }

  /* ---- the outbox: attempts wait there; what it stores becomes this lesson's last result ---- */
  var listeners = [];
  function changed() { listeners.forEach(function (fn) { fn(); }); }
  outbox.onchange(changed);
  outbox.onstored(function (attempt, answer) {
    var results = read(KEY_RESULTS, {});
    results[attempt.lesson] = { id: attempt.id, correct: answer.correct, total: answer.total, percent: answer.percent,
                                passed: answer.passed, at: answer.received_at };
    write(KEY_RESULTS, results);
  });
  window.addEventListener("storage", function (event) { if (event.key && event.key.indexOf("cnscd.") === 0) changed(); });

  /* Attempts queued by an older quiz.js (one list under "cnscd.queue") move to the outbox. */
  function adoptOldQueue() {
    var old = read(KEY_OLD_QUEUE, null);
    if (!Array.isArray(old)) return;
    old.forEach(function (item) {
      outbox.enqueue({ api: item.api, token: item.token, body: { id: item.id, lesson: item.lesson, quiz_hash: item.quiz_hash,
                       answers: item.answers, lang: item.lang, finished_at: item.finished_at } });
    });
    forgetKey(KEY_OLD_QUEUE);
  }

  var WAIT_ORDER = ["server", "unauthorized", "busy", "offline"];
  var WAIT_TEXT = { server: "waitServer", unauthorized: "waitAuth", busy: "waitBusy", offline: "waitOffline" };
  function waitingWhy(t, items) {
    var reasons = {};
    items.forEach(function (item) { if (item.waiting) reasons[item.waiting.reason] = item.waiting; });
    return WAIT_ORDER.filter(function (reason) { return reasons[reason]; }).map(function (reason) {
      var waiting = reasons[reason];
      if (reason === "offline" && navigator.onLine === false) return t.pending;
      return fill(t[WAIT_TEXT[reason]], { message: waiting.message || "HTTP " + waiting.status });
    }).join(" ");
  }

  /* ---- shared status line: mode, pending count, notices ---- */
  function statusBlock(section, t, lessonId) {
    var mode = el("p", { "class": "cnscd-status__mode" });
    var last = el("p", { "class": "cnscd-status__last" });
    var pending = el("p", { "class": "cnscd-status__pending" });
    var sendNow = el("button", { type: "button", "class": "cnscd-button cnscd-button--small", text: t.sendNow });
    var why = el("p", { "class": "cnscd-status__why" });
    var note = el("ul", { "class": "cnscd-status__notice" });
    var dismiss = el("button", { type: "button", "class": "cnscd-button cnscd-button--small cnscd-button--secondary", text: t.dismiss });
    var answer = el("p", { "class": "cnscd-status__answer", hidden: "hidden" });
    var box = el("div", { "class": "cnscd-status", role: "status", "aria-live": "polite" }, [mode, last, pending, why, sendNow, answer, note, dismiss]);
    sendNow.addEventListener("click", function () {
      // "Gửi ngay" always answers: sending, then sent (the line goes) or why not.
      setText(answer, t.sendTrying);
      answer.hidden = false;
      outbox.flush().then(function () {
        setText(answer, outbox.pending().length ? t.sendFailed : "");
        answer.hidden = !answer.textContent;
      });
    });
    dismiss.addEventListener("click", function () { outbox.dismiss(); });
    function render() {
      var base = apiBase(section);
      var member = read(KEY_MEMBER, null);
      if (!base) setText(mode, t.practiceFile);
      else if (!token()) setText(mode, t.practice);
      else setText(mode, member && member.name ? fill(t.enrolledAs, member) : t.enrolledDevice);
      var result = lessonId && token() ? read(KEY_RESULTS, {})[lessonId] : null;
      setText(last, result ? fill(t.lastResult, { percent: result.percent, verdict: result.passed ? t.verdictPassed : t.verdictFailed }) : "");
      last.hidden = !result;
      var waiting = outbox.pending(), n = waiting.length;
      setText(pending, n ? fill(t.pendingCount, { n: n }) : "");
      setText(why, n ? waitingWhy(t, waiting) : "");
      pending.hidden = sendNow.hidden = !n;
      if (!n) { setText(answer, ""); answer.hidden = true; }
      why.hidden = !why.textContent;
      var refused = outbox.refused();
      note.textContent = "";
      refused.forEach(function (refusal) {
        var text = refusal.code === "quiz_changed" ? t.rejectedQuiz : fill(t.rejectedOther, { message: refusal.message });
        note.appendChild(el("li", { text: text }));
      });
      note.hidden = dismiss.hidden = !refused.length;
    }
    listeners.push(render);
    render();
    return box;
  }

  /* ---- the quiz ---- */
  function loadQuiz(section) {
    var lessonId = section.getAttribute("data-lesson");
    var inline = section.querySelector("script.cnscd-quiz__data");
    if (inline) return Promise.resolve(JSON.parse(inline.textContent));  // the offline bundle, opened from files
    var src = new URL(section.getAttribute("data-quiz-src"), location.href).href;
    return fetch(src, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (quiz) {
      write(KEY_QUIZ + lessonId, quiz);
      return quiz;
    }, function (error) {
      var saved = read(KEY_QUIZ + lessonId, null);
      if (saved) return saved;
      throw error;
    });
  }

  function optionLabel(question, lang, index) {
    var options = question.options[lang] || question.options.vi;
    return options[index];
  }

  function buildQuiz(section, quiz) {
    var lang = section.getAttribute("data-lang") || "vi";
    var t = texts(lang);
    var base = section.getAttribute("data-lesson") + "-";
    var pick = function (map) { return map[lang] || map.vi; };
    var form = el("form", { "class": "cnscd-quiz__form", novalidate: "novalidate" });
    var fieldsets = quiz.questions.map(function (question, qi) {
      var multiple = question.type === "multiple";
      var feedbackId = "cnscd-fb-" + base + question.id;
      var legend = el("legend", {}, [el("span", { "class": "cnscd-q__number", text: fill(t.question, { n: qi + 1, total: quiz.questions.length }) + ". " })]);
      inline(legend, pick(question.prompt));
      var options = (question.options[lang] || question.options.vi).map(function (label, oi) {
        var input = el("input", { type: multiple ? "checkbox" : "radio", name: base + question.id, value: String(oi),
                                  id: "cnscd-" + base + question.id + "-" + oi, "aria-describedby": feedbackId });
        var text = inline(el("span", { "class": "cnscd-q__text" }), label);
        return el("label", { "class": "cnscd-q__option", "for": input.id }, [input, text]);
      });
      var hintId = "cnscd-hint-" + base + question.id;
      var fieldset = el("fieldset", { "class": "cnscd-q", "data-question": question.id, "aria-describedby": hintId }, [
        legend,
        el("p", { "class": "cnscd-q__hint", id: hintId, text: multiple ? t.pickMany : t.pickOne }),
        el("div", { "class": "cnscd-q__options" }, options),
        el("div", { "class": "cnscd-q__feedback", id: feedbackId, hidden: "hidden" })
      ]);
      form.appendChild(fieldset);
      return fieldset;
    });
    var submit = el("button", { type: "submit", "class": "cnscd-button", text: t.submit });
    var again = el("button", { type: "button", "class": "cnscd-button cnscd-button--secondary", text: t.retry, hidden: "hidden" });
    var result = el("div", { "class": "cnscd-quiz__result", tabindex: "-1", role: "status", "aria-live": "polite" });
    form.appendChild(result);
    form.appendChild(el("div", { "class": "cnscd-quiz__actions" }, [submit, again]));
    section.appendChild(statusBlock(section, t, quiz.lesson));
    section.appendChild(form);
    var sentLine = null;  // while a result of this form is on its way: updates its line in the result box
    listeners.push(function () { if (sentLine) sentLine(); });

    function chosen(fieldset) {
      return Array.prototype.filter.call(fieldset.querySelectorAll("input"), function (input) { return input.checked; })
        .map(function (input) { return Number(input.value); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {}, missing = [];
      fieldsets.forEach(function (fieldset, qi) {
        var picked = chosen(fieldset);
        if (!picked.length) missing.push(fieldset);
        answers[quiz.questions[qi].id] = picked;
      });
      if (missing.length) {
        result.textContent = fill(t.unanswered, { n: missing.length });
        missing[0].querySelector("input").focus();
        return;
      }
      var correct = 0;
      quiz.questions.forEach(function (question, qi) {
        var picked = answers[question.id].slice().sort();
        var right = question.correct.slice().sort();
        var ok = picked.length === right.length && picked.every(function (v, i) { return v === right[i]; });
        if (ok) correct++;
        var fieldset = fieldsets[qi];
        fieldset.classList.add(ok ? "cnscd-q--right" : "cnscd-q--wrong");
        Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
          input.disabled = true;
          var isRight = question.correct.indexOf(Number(input.value)) >= 0;
          if (isRight) input.parentNode.classList.add("cnscd-q__option--correct");
          else if (input.checked) input.parentNode.classList.add("cnscd-q__option--wrong");
        });
        var feedback = fieldset.querySelector(".cnscd-q__feedback");
        feedback.textContent = "";
        feedback.appendChild(el("p", {}, [el("strong", { text: ok ? "✓ " + t.right : "✗ " + t.wrong })]));
        if (!ok && question.correct.length === 1) {
          feedback.appendChild(inline(el("p"), fill(t.rightAnswer, { answer: optionLabel(question, lang, question.correct[0]) })));
        } else if (!ok) {
          feedback.appendChild(el("p", { text: fill(t.rightAnswer, { answer: "" }) }));
          feedback.appendChild(el("ul", {}, question.correct.map(function (i) { return inline(el("li"), optionLabel(question, lang, i)); })));
        }
        feedback.appendChild(inline(el("p"), pick(question.explanation)));
        feedback.hidden = false;
      });
      var total = quiz.questions.length;
      var percent = percentHalfUp(correct, total);
      var passed = 100 * correct >= quiz.pass_percent * total;
      result.textContent = "";
      result.classList.add("cnscd-quiz__result--shown", passed ? "cnscd-quiz__result--passed" : "cnscd-quiz__result--failed");
      var score = el("p", { "class": "cnscd-quiz__score", text: fill(t.score, { correct: correct, total: total, percent: percent }) });
      result.appendChild(score);
      result.appendChild(el("p", { "class": passed ? "cnscd-quiz__verdict cnscd-quiz__verdict--passed" : "cnscd-quiz__verdict cnscd-quiz__verdict--failed",
                                   text: (passed ? "✓ " : "✗ ") + fill(passed ? t.passed : t.failed, { pass: quiz.pass_percent }) }));
      submit.hidden = true;
      again.hidden = false;
      result.focus();
      var api = apiBase(section), member = token();
      var delivery = el("p", { "class": "cnscd-quiz__delivery" });
      result.appendChild(delivery);
      sentLine = null;
      if (api && member) {
        var id = outbox.enqueue({ api: api, token: member, body: { lesson: quiz.lesson, quiz_hash: quiz.hash, answers: answers,
                                                                   lang: lang, finished_at: new Date().toISOString() } });
        // The result box says where this result is: being sent, sent (with the tracker's own
        // figure), or kept on this phone until the connection returns.
        sentLine = function () {
          var waiting = outbox.pending().filter(function (item) { return item.id === id; })[0];
          var stored = read(KEY_RESULTS, {})[quiz.lesson];
          if (waiting) { setText(delivery, waiting.waiting === null && navigator.onLine !== false ? t.resultSending : t.resultSaved); return; }
          if (stored && stored.id === id) {
            setText(delivery, "✓ " + fill(t.resultSent, { percent: stored.percent, verdict: stored.passed ? t.verdictPassed : t.verdictFailed }));
            if (stored.total) setText(score, fill(t.score, { correct: stored.correct, total: stored.total, percent: stored.percent }));
          } else if (outbox.refused().some(function (r) { return r.id === id; })) setText(delivery, t.resultRefused);
          else return;  // not stored yet by this tab's listener: wait for the next change
          sentLine = null;  // settled
        };
        if (id === null) setText(delivery, t.resultSaved);
        else sentLine();
      } else {
        setText(delivery, api ? t.resultPractice : t.practiceFile);
      }
    });

    again.addEventListener("click", function () {
      fieldsets.forEach(function (fieldset) {
        fieldset.classList.remove("cnscd-q--right", "cnscd-q--wrong");
        Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
          input.disabled = false;
          input.checked = false;
          input.parentNode.classList.remove("cnscd-q__option--correct", "cnscd-q__option--wrong");
        });
        var feedback = fieldset.querySelector(".cnscd-q__feedback");
        feedback.hidden = true;
        feedback.textContent = "";
      });
      sentLine = null;
      result.textContent = "";
      result.classList.remove("cnscd-quiz__result--shown", "cnscd-quiz__result--passed", "cnscd-quiz__result--failed");
      submit.hidden = false;
      again.hidden = true;
      fieldsets[0].querySelector("input").focus();
    });
  }

  function initQuiz(section) {
    var t = texts(section.getAttribute("data-lang"));
    var loading = el("p", { "class": "cnscd-quiz__loading", text: t.loading });
    section.appendChild(loading);
    loadQuiz(section).then(function (quiz) {
      loading.remove();
      buildQuiz(section, quiz);
      section.setAttribute("data-ready", "true");
    }, function () {
      loading.textContent = t.loadFailed;
      loading.setAttribute("role", "alert");
    });
  }

  /* ---- enrollment ---- */
  function initEnroll(section) {
    var lang = section.getAttribute("data-lang") || "vi";
    var t = texts(lang);
    var message = el("p", { "class": "cnscd-enroll__message" });
    var next = el("p", { "class": "cnscd-enroll__next", hidden: "hidden" });
    var progress = el("p", { "class": "cnscd-enroll__progress", hidden: "hidden" });
    var home = el("a", { href: new URL(section.getAttribute("data-root") || "./", location.href).href, text: t.home, "class": "cnscd-button" });
    // Removing enrollment is rare and costly: a quiet text button, away from the main action, confirmed.
    var forget = el("button", { type: "button", "class": "cnscd-link-button", text: t.forget });
    var live = el("div", { "class": "cnscd-enroll__state", role: "status", "aria-live": "polite" }, [message, next, progress]);
    var pathData = section.querySelector("script.cnscd-enroll__path");
    var path = [];
    try { path = pathData ? JSON.parse(pathData.textContent) : []; } catch (e) { path = []; }
    section.appendChild(live);
    section.appendChild(statusBlock(section, t, null));
    section.appendChild(el("p", { "class": "cnscd-enroll__actions" }, [home]));
    section.appendChild(el("p", { "class": "cnscd-enroll__forget" }, [forget]));

    /* The next lesson on the learning path not yet passed, as a link: what to do now. */
    function showNext(passedIds) {
      var todo = path.filter(function (lesson) { return passedIds.indexOf(lesson.id) < 0; });
      next.textContent = "";
      if (!path.length) { next.hidden = true; return; }
      if (todo.length) {
        next.appendChild(document.createTextNode(t.enrollNext));
        next.appendChild(el("a", { href: todo[0].href, text: todo[0].title, "class": "cnscd-enroll__next-link" }));
      } else next.textContent = fill(t.enrollAllDone, { n: path.length });
      next.hidden = false;
      progress.textContent = passedIds.length ? fill(t.enrollPassedCount, { n: path.length - todo.length, total: path.length }) : "";
      progress.hidden = !progress.textContent;
    }
    function passedHere() {
      var results = read(KEY_RESULTS, {});
      return Object.keys(results).filter(function (id) { return results[id] && results[id].passed; });
    }

    var match = /(?:^#|&)t=([^&]+)/.exec(location.hash);
    if (match) {
      var fresh = decodeURIComponent(match[1]);
      // The token leaves the address bar (and history) at once: no one reads it over a shoulder.
      history.replaceState(null, "", location.pathname + location.search);
      if (TOKEN_RE.test(fresh)) {
        if (fresh !== token()) { forgetKey(KEY_MEMBER); forgetKey(KEY_RESULTS); }  // another member on this phone
        write(KEY_TOKEN, fresh);
      } else {
        message.textContent = t.enrollBad;
        forget.hidden = !token();
        return;
      }
    }
    function show() {
      var current = token();
      forget.hidden = !current;
      if (!current) { message.textContent = t.enrollNone; progress.hidden = next.hidden = true; return; }
      var api = apiBase(section);
      var known = read(KEY_MEMBER, null);
      message.textContent = known ? fill(t.enrollOk, known) : t.enrollChecking;
      showNext(passedHere());
      if (!api) return;
      fetch(api + "me", { headers: { "Authorization": "Bearer " + current }, cache: "no-store", credentials: "omit" }).then(function (response) {
        if (response.status === 401) {
          forgetKey(KEY_TOKEN); forgetKey(KEY_MEMBER);
          message.textContent = t.enrollBad;
          forget.hidden = true;
          next.hidden = progress.hidden = true;
          changed();
          return;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then(function (me) {
          write(KEY_MEMBER, me.member);
          message.textContent = fill(t.enrollOk, me.member);
          showNext(me.progress.filter(function (p) { return p.passed; }).map(function (p) { return p.lesson; }));
          changed();
          outbox.flush();
        });
      }).catch(function () {
        if (!known) message.textContent = t.enrollSaved;
      });
    }
    forget.addEventListener("click", function () {
      var n = outbox.pending().length;
      if (!window.confirm(n ? fill(t.forgetConfirm, { n: n }) : t.forgetConfirmEmpty)) return;
      forgetKey(KEY_TOKEN); forgetKey(KEY_MEMBER); forgetKey(KEY_RESULTS);
      outbox.clear();
      message.textContent = t.forgotten;
      progress.hidden = next.hidden = true;
      forget.hidden = true;
      changed();
    });
    show();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".cnscd-quiz"), initQuiz);
    Array.prototype.forEach.call(document.querySelectorAll(".cnscd-enroll"), initEnroll);
    adoptOldQueue();
    outbox.flush();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
