// Material's inline script after the content (partials/javascripts/content.html of mkdocs-material
// 9.8.2) as a file, for the Content-Security-Policy without 'unsafe-inline'.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
