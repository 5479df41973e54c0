<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>系统提示</title>
</head>
<body style="text-align:center;font-size:12px">
<div style="margin:150px auto;width:460px;border:1px solid #ccc;padding:20px">
<p><img src="/Skin/qz2013/images/logo.png" alt="" /></p>
<p>系统繁忙或您访问的地址有误，请稍后再试。</p>
<p><a href="/">返回首页</a></p>
</div>
</body>
</html>
