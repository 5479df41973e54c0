<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" >
<head><title>
	新闻中心-清漳县人民政府
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
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="path">您现在的位置：<a href="/">清漳县人民政府</a>&nbsp;&gt;&gt;&nbsp;<a href="/Category_9/Index.aspx">新闻中心</a></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td valign="top" width="50%">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="boxtitle">清漳要闻</td><td class="boxmore" align="right"><a href="/Category_10/Index.aspx">更多&gt;&gt;</a></td></tr>
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="tdbg">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4231.aspx" title="县委常委会召开会议传达学习全省经济工作务虚会精神" target="_blank">县委常委会召开会议传达学习全省经济工作务虚会精神</a></td>
            <td class="listdate" align="right">[11-18]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4226.aspx" title="我县召开冬季清洁取暖工作推进会" target="_blank">我县召开冬季清洁取暖工作推进会</a></td>
            <td class="listdate" align="right">[11-16]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4219.aspx" title="清漳县2026年重点项目观摩拉练活动举行" target="_blank">清漳县2026年重点项目观摩拉练活动举行</a></td>
            <td class="listdate" align="right">[11-13]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4212.aspx" title="县政府召开常务会议 研究部署安全生产等工作" target="_blank">县政府召开常务会议 研究部署安全生产等工作</a></td>
            <td class="listdate" align="right">[11-10]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4205.aspx" title="我县举办第三届农民丰收节暨特色农产品展销会" target="_blank">我县举办第三届农民丰收节暨特色农产品展销会</a></td>
            <td class="listdate" align="right">[11-05]</td>
          </tr>
      </table>
  </td><td valign="top">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="boxtitle">部门动态</td><td class="boxmore" align="right"><a href="/Category_12/Index.aspx">更多&gt;&gt;</a></td></tr>
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="tdbg">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4229.aspx" title="县市场监管局开展冬季食品安全检查" target="_blank">县市场监管局开展冬季食品安全检查</a></td>
            <td class="listdate" align="right">[11-17]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4222.aspx" title="县农业农村局部署冬季动物疫病防控" target="_blank">县农业农村局部署冬季动物疫病防控</a></td>
            <td class="listdate" align="right">[11-14]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4210.aspx" title="县人社局开展农民工工资支付专项检查" target="_blank">县人社局开展农民工工资支付专项检查</a></td>
            <td class="listdate" align="right">[11-09]</td>
          </tr>
      </table>
  </td></tr>
  <tr><td valign="top">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="boxtitle">乡镇动态</td><td class="boxmore" align="right"><a href="/Category_11/Index.aspx">更多&gt;&gt;</a></td></tr>
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="tdbg">
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4228.aspx" title="城关镇开展冬季消防安全大检查" target="_blank">城关镇开展冬季消防安全大检查</a></td>
            <td class="listdate" align="right">[11-17]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4215.aspx" title="柳林乡召开冬春水利建设动员会" target="_blank">柳林乡召开冬春水利建设动员会</a></td>
            <td class="listdate" align="right">[11-12]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4208.aspx" title="西营镇推进农村道路“户户通”工程" target="_blank">西营镇推进农村道路“户户通”工程</a></td>
            <td class="listdate" align="right">[11-07]</td>
          </tr>
          <tr>
            <td width="14" align="center"><img src="/Skin/qz2013/images/dot.gif" width="3" height="3" /></td>
            <td class="listtitle"><a href="/Item/4003.aspx" title="漳南镇举办秋季农业技术培训班" target="_blank">漳南镇举办秋季农业技术培训班</a></td>
            <td class="listdate" align="right">[09-02]</td>
          </tr>
      </table>
  </td><td valign="top"></td></tr>
</table>
<!--#include virtual="/Skin/qz2013/bottom.inc" -->
</form>
</body>
</html>
