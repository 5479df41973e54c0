<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	柳林乡召开冬春水利建设动员会-清漳县人民政府
</title><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><meta name="keywords" content="清漳县,清漳县人民政府,清漳" /><meta name="description" content="清漳县人民政府网站" />
<link href="/Skin/qz2013/default.css" rel="stylesheet" type="text/css" />
<script language="javascript" type="text/javascript" src="/js/common.js"></script>
</head>
<body>
<form name="form1" method="post" action="./4215.aspx" id="form1">
<div>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTM0NjQ5MjE4Mg9kFgICAw9kFgQCAQ8WAh4EVGV4dAUG5riF5ryzZAIDDxYCHwAFBjIwMjZkZBhG4qW0v0rZ1Jp1sKq0ZQ==" />
</div>
<!--#include virtual="/Skin/qz2013/top.inc" -->
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_9/Index.aspx">新闻中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_11/Index.aspx">乡镇动态</a>&nbsp;&gt;&gt;&nbsp;正文</td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
  <tr>
    <td class="main_title"><h1>柳林乡召开冬春水利建设动员会</h1></td>
  </tr>
  <tr>
    <td class="main_tdbgall" align="center">作者：佚名　　来源：本站原创　　点击数：<span id="hits">740</span>　　更新时间：2026/11/12 09:45:00</td>
  </tr>
  <tr>
    <td></td>
  </tr>
  <tr>
    <td class="main_content" id="fontzoom">
<p>　　柳林乡召开冬春水利建设动员会。</p>

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
