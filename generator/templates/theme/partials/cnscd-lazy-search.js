(function(){var w=window,lang={{ cnscd_lang | tojson }},other={{ config.extra.cnscd_other_languages | d([], true) | tojson }},pre=other.indexOf(lang)<0?"":lang+"/",go,used=new Promise(function(r){go=r});
function mine(d){var l=d.location,i;for(i=0;i<other.length;i++)if(l.indexOf(other[i]+"/")===0)return other[i]+"/"===pre;return pre===""}
document.addEventListener("focusin",function(e){if(e.target&&e.target.getAttribute&&e.target.getAttribute("data-md-component")==="search-query")go()},true);
document.addEventListener("change",function(e){if(e.target&&e.target.id==="__search"&&e.target.checked)go()},true);
if(/[?&]q=/.test(location.search))go();
var f=w.fetch;w.fetch=function(u,o){var s=String(u&&u.url||u);if(/search\/search_index\.json$/.test(s)){s=s.replace(/search\/search_index\.json$/,pre+"search/search_index.json");return used.then(function(){return f.call(w,s,o)})}return f.apply(this,arguments)};
if(location.protocol==="file:"){var v;Object.defineProperty(w,"__index",{configurable:true,get:function(){return v},set:function(x){x.docs=x.docs.filter(mine);v=x}})}
var W=w.Worker;if(W){w.Worker=function(url,opt){var real=null,ls=[];function get(){if(!real){real=new W(url,opt);ls.forEach(function(a){real.addEventListener(a[0],a[1],a[2])})}return real}
return{postMessage:function(m){get().postMessage(m)},addEventListener:function(t,h,o){ls.push([t,h,o]);if(real)real.addEventListener(t,h,o)},removeEventListener:function(t,h,o){ls=ls.filter(function(a){return a[0]!==t||a[1]!==h});if(real)real.removeEventListener(t,h,o)},terminate:function(){if(real)real.terminate()}}}}})();
