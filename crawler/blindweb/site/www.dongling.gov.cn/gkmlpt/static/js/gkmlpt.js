var gkml = (function () {
  var SID = "757004";
  function get(url, cb) {
    var x = new XMLHttpRequest();
    x.open("GET", url, true);
    x.onreadystatechange = function () { if (x.readyState === 4 && x.status === 200) { cb(JSON.parse(x.responseText)); } };
    x.send();
  }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function day(ts) { var d = new Date(ts * 1000); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function tree() {
    get("/gkmlpt/api/tree/" + SID, function (data) {
      var html = "";
      for (var i = 0; i < data.length; i++) { html += '<li><a href="#' + data[i].id + '">' + data[i].name + "</a></li>"; }
      document.getElementById("tree").innerHTML = html;
    });
  }
  function list(cat, page) {
    get("/gkmlpt/api/all/" + cat + "?page=" + page + "&sid=" + SID, function (data) {
      var rows = "";
      for (var i = 0; i < data.articles.length; i++) {
        var a = data.articles[i];
        rows += '<tr><td class="index">' + a.identifier + '</td><td class="title"><a href="' + a.url + '" target="_blank">' + a.title + '</a></td><td class="date">' + day(a.display_publish_time) + "</td></tr>";
      }
      document.getElementById("list").innerHTML = rows;
      document.getElementById("pager").innerHTML = "共" + data.total + "条";
    });
  }
  tree();
  list(0, 1);
  return { search: function () { list(0, 1); } };
})();
