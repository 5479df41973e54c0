(function () {
  var LABELS = { sxmc: "事项名称", sszt: "实施主体", sdyj: "设定依据", sltj: "受理条件", sqcl: "申请材料", bldd: "办理地点",
    cnsx: "承诺时限", blsj: "办理时间", sfbz: "收费标准", zxdh: "咨询电话", bllc: "办理流程" };
  var data = window.bsznData, el = document.getElementById("bsznJson");
  if (!data && el) { data = JSON.parse(el.textContent); }
  if (!data) { return; }
  var html = '<table class="bszn-table">';
  for (var k in data) {
    if (data.hasOwnProperty(k)) { html += "<tr><th>" + (LABELS[k] || k) + "</th><td>" + data[k] + "</td></tr>"; }
  }
  document.getElementById("bsznBox").innerHTML = html + "</table>";
})();
