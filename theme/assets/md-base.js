// Material's inline head script (partials/javascripts/base.html of mkdocs-material 9.8.2) as a
// file, so the Content-Security-Policy needs no 'unsafe-inline' (templates/nginx.conf).
// The scope is the site root: two folders above this file (assets/zg/), what Material's base_url gives.
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
