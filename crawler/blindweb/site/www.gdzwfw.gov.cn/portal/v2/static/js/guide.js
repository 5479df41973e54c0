(function () {
  var tabs = document.querySelectorAll(".guide-tabs li");
  for (var i = 0; i < tabs.length; i++) {
    tabs[i].onclick = function () {
      var panes = document.querySelectorAll(".tab-pane");
      for (var j = 0; j < tabs.length; j++) { tabs[j].className = ""; }
      for (var k = 0; k < panes.length; k++) { panes[k].className = "tab-pane"; }
      this.className = "active";
      document.getElementById(this.getAttribute("data-pane")).className = "tab-pane active";
    };
  }
})();
