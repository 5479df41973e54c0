<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>搜索结果_青岚县人民政府</title>
<meta name="keywords" content="" />
<meta name="description" content="青岚县人民政府门户网站" />
<meta name="SiteName" content="青岚县人民政府" />
<meta name="SiteDomain" content="www.qinglan.gov.cn" />
<meta name="SiteIDCode" content="3311270012" />
<link href="/templets/default/style/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/templets/default/js/common.js"></script>
</head>
<body>
<!--#include virtual="/templets/default/head.inc" -->
<div class="main w1200"><div class="search-result"><p>请输入关键词进行搜索。</p></div></div>
<!--#include virtual="/templets/default/footer.inc" -->
</body>
</html>
