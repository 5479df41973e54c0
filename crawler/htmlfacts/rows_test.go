package htmlfacts

import (
	"slices"
	"testing"

	"gongkai/crawler/snapshot"
)

// TestLabelledRows: rows whose children alternate label elements and
// values, with no colon between them, give labelled blocks: one pair or
// several per row, the label styled by its tag or its class.
func TestLabelledRows(t *testing.T) {
	tests := []struct {
		name, body string
		want       []snapshot.Block
	}{
		{"span pairs, two per row",
			`<div class="row"><span class="label">索引号</span><span class="value">000014349/2026-00052</span><span class="label">主题分类</span><span class="value">综合政务</span></div>`,
			[]snapshot.Block{{Label: "索引号", Value: "000014349/2026-00052"}, {Label: "主题分类", Value: "综合政务"}}},
		{"label span run into its value",
			`<li><span class="label">申请条件</span><span class="value">具有本县户籍</span></li>`,
			[]snapshot.Block{{Label: "申请条件", Value: "具有本县户籍"}}},
		{"bold label and a text value",
			`<p><b>办理地点</b>县政务服务中心二楼</p>`,
			[]snapshot.Block{{Label: "办理地点", Value: "县政务服务中心二楼"}}},
		{"padded label",
			`<div class="row"><span class="label">标　　题</span><span class="value wide">关于某事的通知</span></div>`,
			[]snapshot.Block{{Label: "标题", Value: "关于某事的通知"}}},
		{"a hidden value is not shown",
			`<div class="row"><span class="label">有效性</span><span class="value" style="display:none">有效</span></div>`,
			nil},
		{"a row not starting with a label gives nothing",
			`<li><a href="/a.html">某新闻标题很长</a><span class="date">2026-11-01</span></li>`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract(t, tt.body)
			if !slices.Equal(f.Blocks, tt.want) {
				t.Errorf("blocks %v, want %v", f.Blocks, tt.want)
			}
		})
	}
}
