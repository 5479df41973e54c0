<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	城乡居民最低生活保障申请办事指南-清漳县人民政府
</title><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><meta name="keywords" content="清漳县,清漳县人民政府,清漳" /><meta name="description" content="清漳县人民政府网站" />
<link href="/Skin/qz2013/default.css" rel="stylesheet" type="text/css" />
<script language="javascript" type="text/javascript" src="/js/common.js"></script>
</head>
<body>
<form name="form1" method="post" action="./3855.aspx" id="form1">
<div>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjQ5MjE4Mg9kFgICAw9kFgQCAQ8WAh4EVGV4dAUG5riF5ryzZAIDDxYCHwAFBjIwMjZkZBhG4qW0v0rZ1Jp1sKq0ZQ==" />
</div>
<!--#include virtual="/Skin/qz2013/top.inc" -->
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_31/Index.aspx">办事指南</a>&nbsp;&gt;&gt;&nbsp;正文</td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
  <tr>
    <td class="main_title"><h1>城乡居民最低生活保障申请办事指南</h1></td>
  </tr>
  <tr>
    <td class="main_tdbgall" align="center">作者：佚名　　来源：县行政审批局　　点击数：<span id="hits">920</span>　　更新时间：2026/04/02 09:30:00</td>
  </tr>
  <tr>
    <td></td>
  </tr>
  <tr>
    <td class="main_content" id="fontzoom">
<table width="96%" border="1" align="center" cellpadding="6" cellspacing="0" bordercolor="#999999" style="border-collapse:collapse">
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>事项名称</strong></td><td>城乡居民最低生活保障申请</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>设定依据</strong></td><td>《社会救助暂行办法》第九条至第十三条；《河北省最低生活保障审核审批办法》。</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>申请条件</strong></td><td>持有本县户籍，共同生活的家庭成员人均收入低于本县最低生活保障标准，且家庭财产状况符合规定。</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>申请材料</strong></td><td>1．申请人及家庭成员居民身份证、户口簿；<br />2．家庭经济状况核对授权书；<br />3．其他材料。</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>办理地点</strong></td><td>户籍所在地乡镇人民政府社会救助窗口</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>办理机构</strong></td><td>清漳县民政局</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>收费标准</strong></td><td>不收费</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>办理时间</strong></td><td>周一至周五 上午8:00—12:00 下午14:30—17:30</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>联系电话</strong></td><td>0310-7513320</td></tr>
  <tr><td width="18%" align="center" bgcolor="#eef3f9"><strong>办理流程</strong></td><td>申请→乡镇受理→入户调查→民主评议→县民政局审批→公示→发放</td></tr>
</table>

    </td>
  </tr>
  <tr>
    <td align="right">【<a href="javascript:window.print()">打印此文</a>】【<a href="javascript:window.close();">关闭窗口</a>】</td>
  </tr>
</table>
<!--#include virtual="/Skin/qz2013/bottom.inc" -->
</form>
</body>
</html>
