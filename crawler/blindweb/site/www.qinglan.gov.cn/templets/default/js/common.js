function SetHome(obj, url) { try { obj.style.behavior = 'url(#default#homepage)'; obj.setHomePage(url); } catch (e) { alert("您的浏览器不支持，请手动设置。"); } }
function AddFavorite(title, url) { try { window.external.addFavorite(url, title); } catch (e) { alert("加入收藏失败，请使用Ctrl+D进行添加"); } }
function tabSwitch(btn, id) {
  var tabs = btn.parentNode.children;
  for (var i = 0; i < tabs.length; i++) { tabs[i].className = ""; }
  btn.className = "on";
  var panes = document.getElementById(id).parentNode.children;
  for (var j = 0; j < panes.length; j++) { panes[j].className = "tab-pane"; }
  document.getElementById(id).className = "tab-pane active";
}
window.onload = function () {
  var d = new Date(), w = "日一二三四五六";
  var el = document.getElementById("today");
  if (el) { el.innerHTML = d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w.charAt(d.getDay()); }
};
