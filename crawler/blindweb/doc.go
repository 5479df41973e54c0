// Package blindweb is the second sample agency web: eight sites written
// from what real Chinese government sites look like, by someone who had
// not read the extraction code (crawler/htmlfacts, crawler/linkcheck,
// checks). It measures whether gongkai's page understanding holds on CMS
// styles it was not built against; cmd/gongkai's TestBlindWebOutcomes
// audits it and prints the site × rule agreement table.
//
// It runs on loopback: a DNS server (crawler/internal/dnstest) answers
// for its hosts, HTTP listens on 127.0.0.1:P and [::1]:P, HTTPS on
// 127.0.0.1:Q and [::1]:Q with a certificate from a CA made at Start.
// Pages are files under site/<host>/ (UTF-8, sent in the host's charset,
// with server-side includes for headers and footers); manifest.yaml says
// how each host answers (TLS, IPv6, charset, what a missing path gets).
// Every date is fixed, written against the as-of date 2026-11-20, and
// expected.yaml gives the outcome of every site × rule with the reason of
// every planted defect.
//
// Sites (site_id host — style; planted defects):
//
//	qinglan    www.qinglan.gov.cn — 浙江 county portal, DedeCMS-era jQuery
//	           template (/a/xwzx/qlyw/20261119/2701.html, list_N_M.html pages),
//	           div/ul/li lists with <span class="date">, homepage dates 11-19
//	           without a year, columns reached only through the 政务公开
//	           landing page and 更多 links, platform parts named
//	           政府信息公开目录 and 政府信息公开工作年度报告, guides as numbered
//	           headings (一、事项名称) each followed by paragraphs, a 4-column
//	           metadata table, ICP number without 号; HTTP only — dead banner
//	           image and an NXDOMAIN library link on the homepage, no HTTPS.
//	dongling   www.dongling.gov.cn — 广东 province site-cluster template
//	           (/dlyw/content/post_2701807.html) with the gkmlpt
//	           政府信息公开目录 app (lists from a JSON API), guides only on the
//	           province host www.gdzwfw.gov.cn (tabs, every pane in the DOM, a
//	           4-column table; 实施主体, 受理条件, 法定/承诺办结时限, 是否收费),
//	           公安机关备案号, ICP with spaces, the error-report entry written
//	           by jiucuo.js; HTTPS, dual stack — documents published 65-70
//	           working days after 成文日期, a 404 attachment.
//	qingzhang  www.qingzhang.gov.cn — 河北 county portal on PowerEasy
//	           (动易) ASP.NET: GB2312, table layout, one form around the page,
//	           /Item/4231.aspx, homepage dates [11-18], lists 2026/11/18, 2-column
//	           guide tables, 生成日期 for 成文日期, 主动公开目录, 公安备案号, 3
//	           blank columns; IPv4 only, HTTP — removed items answer a 200
//	           "不在发布范围内" page, other missing paths redirect to a 200
//	           error page, 5 of 6 guides miss 5 elements, vague 申请材料, no
//	           有效性, the 2025 report published 12 May, no 找错 entry.
//	hhglj      hhglj.beijing.gov.cn — 北京 department on a modern template
//	           whose navigation and side menus are built by script from
//	           menu-data.js; unknown paths answer the homepage (SPA
//	           fallback); 京公网安备, ICP with a space; HTTPS; IPv6 serves the
//	           homepage only — 5 blank columns, no 政府信息公开制度, 2 documents
//	           with an empty metadata header, a late report (department:
//	           31 January), internal pages fail over IPv6.
//	linyu      www.linyu.gov.cn — 甘肃 county portal on 博达 VSB
//	           (/info/1024/5103.htm, _sitegray, _showDynClicks), dates
//	           2026年10月09日, guides as numbered <h3> headings followed by
//	           lists, Content-Type without a charset; HTTP — abandoned since
//	           9 October: stale homepage, 6 stale columns (通知公告 and 政策文件
//	           in the top navigation), guides from 2023, no 2025 report, no
//	           政策解读, no 公安备案.
//	danchuan   www.danchuan.gov.cn — 湖南 county-level city on a JEECMS-style
//	           template (.jhtml), dates 2026年11月5日, guides as label/value
//	           spans and as JSON data stores rendered by script (Chinese keys;
//	           pinyin keys with a label map), metadata as label/value span
//	           rows, 网站标识码 only in <meta name="SiteIDCode">; HTTPS — exactly
//	           4 stale columns (passes), no 领导信息, one guide without
//	           收费标准 and 办理流程, a withdrawn item and an attachment answer a
//	           200 "已调整" page with a meta refresh.
//	wenyang    www.wenyang.gov.cn — 山东 county portal on PHPCMS v9 with
//	           query-string URLs (index.php?m=content&c=index&a=show&catid=7&id=901),
//	           <dl> guides with 办理依据/申报条件/所需材料/受理地点/咨询方式 labels,
//	           dates only under the title; HTTP; AAAA but IPv6 reaches a bare
//	           nginx default server — no search, no 网站标识码, 政策文件 (top
//	           navigation) stale since March, no 政府信息公开指南.
//	tonggang   www.tonggang.gov.cn — every path answers 502 Bad Gateway.
//
// Hosts the sites link to are served too (HTTP and HTTPS, dual stack):
// www.gov.cn, zfwzzc.www.gov.cn, zfwzgl.www.gov.cn (jiucuo.js),
// bszs.conac.cn, beian.miit.gov.cn, www.beian.gov.cn, search.gd.gov.cn,
// and the province portals www.zjzwfw.gov.cn, www.lishui.gov.cn,
// www.hbzwfw.gov.cn, www.beijing.gov.cn, zwfw.gansu.gov.cn,
// zwfw-new.hunan.gov.cn, www.shandong.gov.cn. www.qllib.cn is NXDOMAIN.
//
// Changing the web: edit the files and manifest.yaml, keep the planted
// dead links of manifest.yaml exact (TestPlantedDeadLinks walks every
// site), and derive expected.yaml from the rules' text and the catalog's
// params, never from a run of gongkai.
package blindweb
