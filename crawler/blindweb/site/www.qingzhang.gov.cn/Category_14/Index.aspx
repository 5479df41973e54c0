<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	通知公告-清漳县人民政府
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
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_9/Index.aspx">新闻中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_14/Index.aspx">通知公告</a></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="220" valign="top" class="leftbox"><table width="100%"><tr><td class="lefttitle">新闻中心</td></tr></table></td>
    <td valign="top" class="rightbox">
      <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="righttitle">通知公告</td></tr></table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="listbox">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4225.aspx" title="清漳县2026年公开招聘教师拟聘用人员公示" target="_blank">清漳县2026年公开招聘教师拟聘用人员公示</a></td>
            <td class="listdate" align="right">2026/11/16</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4216.aspx" title="关于开展2027年度城乡居民基本医疗保险集中征缴工作的通告" target="_blank">关于开展2027年度城乡居民基本医疗保险集中征缴工作的通告</a></td>
            <td class="listdate" align="right">2026/11/12</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4160.aspx" title="清漳县人民政府关于2026—2027年度森林防火期的通告" target="_blank">清漳县人民政府关于2026—2027年度森林防火期的通告</a></td>
            <td class="listdate" align="right">2026/10/20</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/3987.aspx" title="关于清漳县2026年度农村危房改造对象的公示" target="_blank">关于清漳县2026年度农村危房改造对象的公示</a></td>
            <td class="listdate" align="right">2026/08/10</td>
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
