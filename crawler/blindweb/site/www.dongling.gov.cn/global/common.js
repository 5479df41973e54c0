(function () {
  var items = document.querySelectorAll(".nav-item");
  for (var i = 0; i < items.length; i++) {
    items[i].onmouseenter = function () { this.className = "nav-item on"; };
    items[i].onmouseleave = function () { this.className = "nav-item"; };
  }
})();
