// Package sampleweb is the built-in sample agency web that `gongkai demo`,
// the tests and the benchmarks audit. It runs entirely on loopback: an
// authoritative DNS server (UDP and TCP on 127.0.0.1) answers for made-up
// .gov.cn hosts, HTTP listens on 127.0.0.1:P and [::1]:P, HTTPS on
// 127.0.0.1:Q and [::1]:Q with a certificate from a CA made at Start.
//
// The pages imitate real Chinese government CMSs (TRS WCM, Hanweb 大汉 with
// its <script type="text/xml"> datastore lists, Kaipuyun .shtml pages, a
// 2016 nested-table layout) and carry planted defects. Content lives in
// data/*.yaml and templates/*.html; every date is relative to Config.AsOf,
// and the same AsOf and ports give the same bytes.
//
// Sites (site_id: host — defects):
//
//	shifan     www.shifan.gov.cn + xxgk.shifan.gov.cn — the model: HTTPS, dual stack, all rules pass
//	shifan-js  jyj.shifan.gov.cn — navigation, column menus and homepage boxes built by script only
//	gbk        www.gubei.gov.cn — GBK bytes, charset only in <meta> or nowhere, IPv4 only, incomplete doc metadata
//	stale      www.shitaizhen.gov.cn — homepage 40 days old, 6 stale and 5 blank columns
//	deadlinks  www.delin.gov.cn — dead links (404, 500, NXDOMAIN, refused, soft 404), a WAF, transient 503/429
//	banshi     zwfw.banshi.gov.cn — service guides missing elements, vague, 500 days old
//	nogk       www.nonggang.gov.cn — platform lacks 制度 and 年报, latest report 3 years old, no footer identifiers
//	v6broken   www.liuanqu.gov.cn — AAAA ::1 but every IPv6 connection is reset
//	trap       www.xianjing.gov.cn — crawler traps (see traps.go), robots.txt disallows /private/
//	closed     www.fengbi.gov.cn — robots.txt disallows /
//	gone       www.xiaoshi.gov.cn — NXDOMAIN
//
// National hosts the sites link to are served too (dual stack, HTTP):
// www.gov.cn (a CNAME), zfwzzc.www.gov.cn, bszs.conac.cn,
// beian.miit.gov.cn and www.beian.gov.cn.
//
// Web.Expected gives, for every site and contract rule id, the outcome the
// planted defects call for (data/expected.yaml documents each one).
package sampleweb
