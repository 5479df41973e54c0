function _showDynClicks(t,o,i){document.write(Math.floor(100+(i%700)));}
