<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	清漳要闻-清漳县人民政府
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
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_9/Index.aspx">新闻中心</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_10/Index.aspx">清漳要闻</a></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="220" valign="top" class="leftbox"><table width="100%"><tr><td class="lefttitle">新闻中心</td></tr></table></td>
    <td valign="top" class="rightbox">
      <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="righttitle">清漳要闻</td></tr></table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="listbox">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4231.aspx" title="县委常委会召开会议传达学习全省经济工作务虚会精神" target="_blank">县委常委会召开会议传达学习全省经济工作务虚会精神</a></td>
            <td class="listdate" align="right">2026/11/18</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4226.aspx" title="我县召开冬季清洁取暖工作推进会" target="_blank">我县召开冬季清洁取暖工作推进会</a></td>
            <td class="listdate" align="right">2026/11/16</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4219.aspx" title="清漳县2026年重点项目观摩拉练活动举行" target="_blank">清漳县2026年重点项目观摩拉练活动举行</a></td>
            <td class="listdate" align="right">2026/11/13</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4212.aspx" title="县政府召开常务会议 研究部署安全生产等工作" target="_blank">县政府召开常务会议 研究部署安全生产等工作</a></td>
            <td class="listdate" align="right">2026/11/10</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4205.aspx" title="我县举办第三届农民丰收节暨特色农产品展销会" target="_blank">我县举办第三届农民丰收节暨特色农产品展销会</a></td>
            <td class="listdate" align="right">2026/11/05</td>
          </tr>
      </table>
      <div class="showpage">共 <b>5</b> 条记录&nbsp;&nbsp;首页 上一页 下一页 尾页&nbsp;&nbsp;页次：<b>1</b>/1页</div>
    </td>
  </tr>
</table>
<!--#include virtual="/Skin/qz2013/bottom.inc" -->
</form>
</body>
</html>
