var MENU = [
 {
  "name": "首页",
  "url": "/"
 },
 {
  "name": "机构概况",
  "url": "/jggk/index.html",
  "children": [
   {
    "name": "机构简介",
    "url": "/jggk/index.html"
   },
   {
    "name": "机构职能",
    "url": "/zwgk/jgzn/index.html"
   },
   {
    "name": "领导信息",
    "url": "/zwgk/ldxx/index.html"
   }
  ]
 },
 {
  "name": "新闻中心",
  "url": "/xwzx/gzdt/index.html",
  "children": [
   {
    "name": "工作动态",
    "url": "/xwzx/gzdt/index.html"
   },
   {
    "name": "通知公告",
    "url": "/xwzx/tzgg/index.html"
   }
  ]
 },
 {
  "name": "政务公开",
  "url": "/zwgk/index.html",
  "children": [
   {
    "name": "政府信息公开指南",
    "url": "/zwgk/gkzn/index.html"
   },
   {
    "name": "法定主动公开内容",
    "url": "/zwgk/fdzdgknr/index.html"
   },
   {
    "name": "政府信息公开年报",
    "url": "/zwgk/ndbg/index.html"
   },
   {
    "name": "依申请公开",
    "url": "/zwgk/ysqgk/index.html"
   }
  ]
 },
 {
  "name": "互动交流",
  "url": "/hdjl/index.html"
 }
];
