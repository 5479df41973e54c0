window.onload=function(){var d=new Date();var t=document.getElementById("today");if(t){t.innerHTML=d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日";}};
