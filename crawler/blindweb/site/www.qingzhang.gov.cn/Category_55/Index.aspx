<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	政策文件-清漳县人民政府
</title><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><meta name="keywords" content="清漳县,清漳县人民政府,清漳" /><meta name="description" content="清漳县人民政府网站" />
<link href="/Skin/qz2013/default.css" rel="stylesheet" type="text/css" />
<script language="javascript" type="text/javascript" src="/js/common.js"></script>
</head>
<body>
<form name="form1" method="post" action="./Index.aspx" id="form1">
<div>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjQ5MjE4Mg9kFgICAw9kFgQCAQ8WAh4EVGV4dAUG5riF5ryzZAIDDxYCHwAFBjIwMjZkZBhG4qW0v0rZ1Jp1sKq0ZQ==" />
</div>
<!--#include virtual="/Skin/qz2013/top.inc" -->
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_53/Index.aspx">主动公开目录</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_55/Index.aspx">政策文件</a></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="220" valign="top" class="leftbox">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="lefttitle">政务公开</td></tr>
        <tr><td class="leftmenu"><a href="/Category_51/Index.aspx">信息公开指南</a></td></tr>
        <tr><td class="leftmenu"><a href="/Category_52/Index.aspx">信息公开制度</a></td></tr>
        <tr><td class="leftmenu"><a href="/Category_53/Index.aspx">主动公开目录</a></td></tr>
        <tr><td class="leftmenu"><a href="/Category_54/Index.aspx">信息公开年报</a></td></tr>
        <tr><td class="leftmenu"><a href="/Category_65/Index.aspx">依申请公开</a></td></tr>
      </table>
    </td>
    <td valign="top" class="rightbox">
      <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="righttitle">政策文件</td></tr></table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="listbox">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4168.aspx" title="清漳县人民政府关于印发清漳县2026年冬季清洁取暖工作方案的通知" target="_blank">清漳县人民政府关于印发清漳县2026年冬季清洁取暖工作方案的通知</a></td>
            <td class="listdate" align="right">2026/10/28</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4142.aspx" title="清漳县人民政府办公室关于做好2026年冬春农田水利基本建设工作的通知" target="_blank">清漳县人民政府办公室关于做好2026年冬春农田水利基本建设工作的通知</a></td>
            <td class="listdate" align="right">2026/10/13</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4033.aspx" title="清漳县人民政府关于公布清漳县行政许可事项清单的通知" target="_blank">清漳县人民政府关于公布清漳县行政许可事项清单的通知</a></td>
            <td class="listdate" align="right">2026/07/10</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/3911.aspx" title="清漳县人民政府办公室关于印发清漳县农村人居环境整治提升实施方案的通知" target="_blank">清漳县人民政府办公室关于印发清漳县农村人居环境整治提升实施方案的通知</a></td>
            <td class="listdate" align="right">2026/04/17</td>
          </tr>
      </table>
      <div class="showpage">共 <b>4</b> 条记录&nbsp;&nbsp;首页 上一页 下一页 尾页&nbsp;&nbsp;页次：<b>1</b>/1页</div>
    </td>
  </tr>
</table>
<!--#include virtual="/Skin/qz2013/bottom.inc" -->
</form>
</body>
</html>
