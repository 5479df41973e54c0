function ShowDate(){var d=new Date();return d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日";}
function SearchSubmit(){var k=document.getElementById("keyword").value;if(k==""||k=="请输入关键字"){alert("请输入关键字！");return false;}window.location.href="/Search.aspx?keyword="+encodeURIComponent(k);return false;}
