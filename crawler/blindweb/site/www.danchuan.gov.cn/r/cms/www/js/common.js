(function(){var t=document.getElementById("toolbar");if(t){t.onclick=function(){alert("正在加载无障碍工具条");};}})();
