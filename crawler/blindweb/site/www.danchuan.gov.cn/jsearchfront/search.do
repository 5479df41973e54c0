<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<meta name="SiteName" content="澹川市人民政府" />
<meta name="SiteDomain" content="www.danchuan.gov.cn" />
<meta name="SiteIDCode" content="4307810002" />
<title>站内搜索_澹川市人民政府</title>
<link href="/r/cms/www/css/common.css" rel="stylesheet" type="text/css" />
<link href="/r/cms/www/css/style.css" rel="stylesheet" type="text/css" />
</head>
<body>
<!--#include virtual="/r/cms/www/inc/header.inc" -->
<div class="w1200"><p>请输入关键字进行搜索。</p></div>
<!--#include virtual="/r/cms/www/inc/footer.inc" -->
<script type="text/javascript" src="/r/cms/www/js/common.js"></script>
</body>
</html>
