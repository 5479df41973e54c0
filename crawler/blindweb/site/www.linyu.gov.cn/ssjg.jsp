<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>搜索结果-临峪县人民政府</title>
<META Name="keywords" Content="临峪县人民政府,临峪县" />
<meta name="SiteName" content="临峪县人民政府" />
<meta name="SiteDomain" content="www.linyu.gov.cn" />
<meta name="SiteIDCode" content="6205270003" />
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="/_sitegray/_sitegray_d.css" />
<script language="javascript" src="/_sitegray/_sitegray.js"></script>
<!-- CustomerNO:77656262657232307e7a47535753544703080001 -->
<link rel="stylesheet" type="text/css" href="/style/ly.css" />
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script type="text/javascript" src="/system/resource/js/dynclicks.js"></script>
</head>
<body>
<!--#include virtual="/inc/top.inc" -->
<div class="wrap"><p>请输入关键字。</p></div>
<!--#include virtual="/inc/foot.inc" -->
</body>
</html>
