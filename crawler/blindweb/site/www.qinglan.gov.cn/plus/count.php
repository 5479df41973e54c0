document.write('1');
