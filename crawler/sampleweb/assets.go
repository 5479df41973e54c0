package sampleweb

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// assetSet holds the static files the styles reference (style sheets,
// scripts, logos), made once at Start.
type assetSet struct {
	png, jpg, pdf []byte
	byStyle       map[string]map[string]*page
}

// styleAssets lists, per style, each file its templates reference and its kind.
var styleAssets = map[string]map[string]string{
	"trs": {
		"/images/favicon.ico": "ico", "/css/base.css": "css", "/css/index.css": "css",
		"/js/jquery-1.12.4.min.js": "js", "/images/logo.png": "png", "/images/ga.png": "png",
		"/images/jiucuo.png": "png", "/images/404.png": "png",
	},
	"hanweb": {
		"/images/21053/hanweb.css": "css", "/script/0/1809101004485829.js": "js",
		"/images/21053/logo.png": "png", "/images/21053/ga.png": "png",
	},
	"kaipuyun": {
		"/images/favicon.ico": "ico", "/common/css/common.css": "css", "/common/css/content.css": "css",
		"/common/js/jquery.min.js": "js", "/common/images/emblem.png": "png", "/common/images/jiucuo.png": "png",
	},
	"table2016": {
		"/css/2016style.css": "css", "/images/2016_toptbg.jpg": "jpg", "/images/2016_title.jpg": "jpg",
	},
}

const siteCSS = `body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333}
a{color:#333;text-decoration:none}a:hover{color:#c00}
.w1200,.xxgk-container{width:1200px;margin:0 auto}.fl{float:left}.fr{float:right}
.clearfix:after{content:"";display:block;clear:both}
.nav,.nav-wrap{background:#1660b0}.nav a{color:#fff;font-size:16px;padding:0 20px;line-height:48px}
.box,.news-box{width:580px;margin:10px}.list li span,.time,.date{float:right;color:#999}
.footer{background:#f2f2f2;text-align:center;padding:20px 0;color:#666}
`

const siteJS = `(function () {
  window.doZoom = function (size) { var z = document.getElementById('zoom'); if (z) { z.style.fontSize = size + 'px'; } };
  window.zh_tran = function () {};
  window.toggleToolBar = function () {};
  window.SetHome = function () {};
  window.aria = { start: function () {}, oldFixedStart: function () {} };
})();
`

// minimalPDF is a valid one-page PDF.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R/Size 4>>\n%%EOF\n"

func newAssetSet() (*assetSet, error) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.Set(x, y, color.RGBA{R: 200, G: uint8(20 + 10*y), B: 30, A: 255})
		}
	}
	var p, j bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		return nil, err
	}
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	a := &assetSet{png: p.Bytes(), jpg: j.Bytes(), pdf: []byte(minimalPDF), byStyle: map[string]map[string]*page{}}
	kinds := map[string]*page{
		"css": {status: 200, ctype: "text/css", body: []byte(siteCSS)},
		"js":  {status: 200, ctype: "application/javascript", body: []byte(siteJS)},
		"png": {status: 200, ctype: "image/png", body: a.png},
		"ico": {status: 200, ctype: "image/x-icon", body: a.png},
		"jpg": {status: 200, ctype: "image/jpeg", body: a.jpg},
	}
	for style, files := range styleAssets {
		a.byStyle[style] = map[string]*page{}
		for path, kind := range files {
			a.byStyle[style][path] = kinds[kind]
		}
	}
	return a, nil
}

// addTo serves the style's assets on host (without replacing pages).
func (a *assetSet) addTo(ps pageSet, host, style string) {
	for path, p := range a.byStyle[style] {
		if _, ok := ps[host][path]; !ok {
			ps.add(host, path, p)
		}
	}
}
