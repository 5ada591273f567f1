(function(){var w=window,lang={{ cnscd_lang | tojson }},other={{ config.extra.cnscd_other_languages | d([], true) | tojson }},pre=other.indexOf(lang)<0?"":lang+"/",go,used=new Promise(function(r){go=r});
function fold(s){return s.normalize("NFD").replace(/[\u0300-\u036f]/g,"").replace(/\u0111/g,"d").replace(/\u0110/g,"D")}
function mine(d){var l=d.location,i;for(i=0;i<other.length;i++)if(l.indexOf(other[i]+"/")===0)return other[i]+"/"===pre;return pre===""}
function wanted(u){return /search\/search_index\.json$/.test(u)}
function local(u){return u.replace(/search\/search_index\.json$/,pre+"search/search_index.json")}
document.addEventListener("focusin",function(e){if(e.target&&e.target.getAttribute&&e.target.getAttribute("data-md-component")==="search-query")go()},true);
document.addEventListener("change",function(e){if(e.target&&e.target.id==="__search"&&e.target.checked)go()},true);
if(/[?&]q=/.test(location.search))go();
var X=w.XMLHttpRequest&&w.XMLHttpRequest.prototype,open=X&&X.open,send=X&&X.send;
if(X){X.open=function(m,u){if(wanted(String(u))){this.__cnscd=1;arguments[1]=local(String(u))}return open.apply(this,arguments)};
X.send=function(){var x=this,a=arguments;if(!x.__cnscd)return send.apply(x,a);used.then(function(){send.apply(x,a)})}}
var f=w.fetch;if(f)w.fetch=function(u,o){var s=String(u&&u.url||u);if(wanted(s))return used.then(function(){return f.call(w,local(s),o)});return f.apply(this,arguments)};
if(location.protocol==="file:"){var v;Object.defineProperty(w,"__index",{configurable:true,get:function(){return v},set:function(x){x.docs=x.docs.filter(mine);v=x}})}
var W=w.Worker;if(W){w.Worker=function(url,opt){var real=null,ls=[];function get(){if(!real){real=new W(url,opt);ls.forEach(function(a){real.addEventListener(a[0],a[1],a[2])})}return real}
return{postMessage:function(m){if(m&&m.type===2&&typeof m.data==="string")m={type:2,data:fold(m.data)};get().postMessage(m)},addEventListener:function(t,h,o){ls.push([t,h,o]);if(real)real.addEventListener(t,h,o)},removeEventListener:function(t,h,o){ls=ls.filter(function(a){return a[0]!==t||a[1]!==h});if(real)real.removeEventListener(t,h,o)},terminate:function(){if(real)real.terminate()}}}}})();
