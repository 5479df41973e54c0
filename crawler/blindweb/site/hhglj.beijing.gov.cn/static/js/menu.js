(function () {
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;"); }
  var nav = document.getElementById("mainNav");
  var html = "";
  for (var i = 0; i < MENU.length; i++) {
    var m = MENU[i];
    html += '<li><a href="' + m.url + '">' + esc(m.name) + "</a>";
    if (m.children) {
      html += '<ul class="sub">';
      for (var j = 0; j < m.children.length; j++) {
        html += '<li><a href="' + m.children[j].url + '">' + esc(m.children[j].name) + "</a></li>";
      }
      html += "</ul>";
    }
    html += "</li>";
  }
  nav.innerHTML = html;
  // the side menu of inner pages: the children of the page's section
  var side = document.getElementById("sideMenu");
  var section = document.body.getAttribute("data-section");
  if (side && section) {
    for (var k = 0; k < MENU.length; k++) {
      if (MENU[k].name === section && MENU[k].children) {
        var s = "";
        for (var n = 0; n < MENU[k].children.length; n++) {
          var c = MENU[k].children[n];
          s += '<li><a href="' + c.url + '">' + esc(c.name) + "</a></li>";
        }
        side.innerHTML = s;
      }
    }
  }
})();
function doSearch() {
  var w = document.getElementById("searchWord").value;
  if (!w) { alert("请输入搜索内容"); return; }
  window.location.href = "/search/index.html?searchWord=" + encodeURIComponent(w);
}
