function _jsq_(a,b,c,d){}
