(function () {
  var s = document.getElementById("_jiucuo_");
  var code = s ? s.getAttribute("sitecode") : "";
  var url = encodeURIComponent(window.location.href);
  var html = '<a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=' + code + '&url=' + url + '" target="_blank" title="我为政府网站找错">' +
    '<img src="https://zfwzgl.www.gov.cn/exposure/images/jiucuo.png" alt="我为政府网站找错" style="border:0;width:110px;height:55px"></a>';
  document.write(html);
})();
