package sampleweb

import "strconv"

// Annual report tables in the 2021 format (国办公开办函〔2021〕30号). The
// numbers are drawn from a seeded generator so that every 勾稽关系 holds:
// 表三 一+二 = 三(七) + 四 per column, the 办理结果 rows sum to (七),
// the applicant columns sum to 总计; 表四 each block sums to 总计.

// t3Results are the 办理结果 groups of 表三: heading and leaf rows.
var t3Results = []struct {
	head   string
	leaves []string
}{
	{"（一）予以公开", nil},
	{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", nil},
	{"（三）不予公开", []string{"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"}},
	{"（四）无法提供", []string{"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"}},
	{"（五）不予处理", []string{"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"}},
	{"（六）其他处理", []string{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"}},
}

var t3Applicants = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}

// rng is a small deterministic generator (xorshift64*).
type rng uint64

func (r *rng) n(max int) int {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return int((x * 2685821657736338717) >> 33 % uint64(max))
}

func numCell(v int) cell { return cell{Text: strconv.Itoa(v), Col: 1, Row: 1, Num: true} }

func textCell(t string, col, row int) cell { return cell{Text: t, Col: col, Row: row} }

// rowOf appends the per-applicant values and their total.
func rowOf(head []cell, vals []int) []cell {
	sum := 0
	for _, v := range vals {
		head = append(head, numCell(v))
		sum += v
	}
	return append(head, numCell(sum))
}

func (s *site) reportData(it *item) reportData {
	year := it.n
	r := rng(uint64(s.def.Seed)*7919 + uint64(year)*104729 + 1)
	na := len(t3Applicants)
	// leaves[k][c]: value of result row k for applicant column c.
	var leaves [][]int
	for g, grp := range t3Results {
		rows := len(grp.leaves)
		if rows == 0 {
			rows = 1
		}
		for k := 0; k < rows; k++ {
			v := make([]int, na)
			for c := range v {
				scale := []int{30, 5, 1, 1, 1, 2}[c]
				switch {
				case g == 0:
					v[c] = r.n(scale*2 + 1)
				case g == 3 && k == 0, g == 1:
					v[c] = r.n(scale/3 + 2)
				case r.n(6) == 0:
					v[c] = 1
				}
			}
			leaves = append(leaves, v)
		}
	}
	total, carried, over, fresh := make([]int, na), make([]int, na), make([]int, na), make([]int, na)
	for c := 0; c < na; c++ {
		for _, v := range leaves {
			total[c] += v[c]
		}
		carried[c], over[c] = r.n(3), r.n(3)
		fresh[c] = total[c] + over[c] - carried[c]
		if fresh[c] < 0 {
			carried[c], fresh[c] = total[c]+over[c], 0
		}
	}
	d := reportData{Title: it.title, Date: s.pubDate(it.date), Source: s.def.Footer.Sponsor, Org: s.def.Name, Year: year,
		Gov: s.def.Kind != "department", Published: 280 + r.n(400), Policies: 3 + r.n(12)}
	d.NewApps, d.Carried, d.CarryOver = sum(fresh), sum(carried), sum(over)
	d.T2 = s.table2(&r, d.Policies)
	d.T3 = table3(fresh, carried, total, over, leaves)
	d.T4, d.Reviews, d.Suits = table4(&r)
	return d
}

func sum(v []int) int {
	t := 0
	for _, x := range v {
		t += x
	}
	return t
}

func table3(fresh, carried, total, over []int, leaves [][]int) [][]cell {
	rows := [][]cell{
		{textCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), textCell("申请人情况", 7, 1)},
		{textCell("自然人", 1, 2), textCell("法人或其他组织", 5, 1), textCell("总计", 1, 2)},
		{textCell("商业企业", 1, 1), textCell("科研机构", 1, 1), textCell("社会公益组织", 1, 1), textCell("法律服务机构", 1, 1), textCell("其他", 1, 1)},
		rowOf([]cell{textCell("一、本年新收政府信息公开申请数量", 3, 1)}, fresh),
		rowOf([]cell{textCell("二、上年结转政府信息公开申请数量", 3, 1)}, carried),
	}
	k := 0
	for g, grp := range t3Results {
		if len(grp.leaves) == 0 {
			head := []cell{textCell(grp.head, 2, 1)}
			if g == 0 {
				head = append([]cell{textCell("三、本年度办理结果", 1, 22)}, head...)
			}
			rows = append(rows, rowOf(head, leaves[k]))
			k++
			continue
		}
		for i, leaf := range grp.leaves {
			head := []cell{textCell(leaf, 1, 1)}
			if i == 0 {
				head = append([]cell{textCell(grp.head, 1, len(grp.leaves))}, head...)
			}
			rows = append(rows, rowOf(head, leaves[k]))
			k++
		}
	}
	rows = append(rows, rowOf([]cell{textCell("（七）总计", 2, 1)}, total))
	return append(rows, rowOf([]cell{textCell("四、结转下年度继续办理", 3, 1)}, over))
}

func (s *site) table2(r *rng, policies int) [][]cell {
	made, repealed := policies, r.n(3)
	head := func(item, unit string) [][]cell {
		return [][]cell{{textCell("第二十条第（"+item+"）项", 4, 1)}, {textCell("信息内容", 1, 1), textCell(unit, 3, 1)}}
	}
	rows := [][]cell{
		{textCell("第二十条第（一）项", 4, 1)},
		{textCell("信息内容", 1, 1), textCell("本年制发件数", 1, 1), textCell("本年废止件数", 1, 1), textCell("现行有效件数", 1, 1)},
		{textCell("规章", 1, 1), numCell(0), numCell(0), numCell(0)},
		{textCell("行政规范性文件", 1, 1), numCell(made), numCell(repealed), numCell(made + 20 + r.n(30))},
	}
	rows = append(rows, head("五", "本年处理决定数量")...)
	rows = append(rows, []cell{textCell("行政许可", 1, 1), textCell(strconv.Itoa(500+r.n(3000)), 3, 1)})
	rows = append(rows, head("六", "本年处理决定数量")...)
	rows = append(rows, []cell{textCell("行政处罚", 1, 1), textCell(strconv.Itoa(20+r.n(200)), 3, 1)},
		[]cell{textCell("行政强制", 1, 1), textCell(strconv.Itoa(r.n(20)), 3, 1)})
	rows = append(rows, head("八", "本年收费金额（单位：万元）")...)
	return append(rows, []cell{textCell("行政事业性收费", 1, 1), textCell(strconv.Itoa(100+r.n(900))+".5", 3, 1)})
}

// table4 is 表四 with its review and lawsuit totals.
func table4(r *rng) ([][]cell, int, int) {
	results := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	rows := [][]cell{
		{textCell("行政复议", 5, 1), textCell("行政诉讼", 10, 1)},
		{},
		{},
		{},
	}
	for _, t := range results {
		rows[1] = append(rows[1], textCell(t, 1, 2))
	}
	rows[1] = append(rows[1], textCell("未经复议直接起诉", 5, 1), textCell("复议后起诉", 5, 1))
	for i := 0; i < 2; i++ {
		for _, t := range results {
			rows[2] = append(rows[2], textCell(t, 1, 1))
		}
	}
	totals := make([]int, 3)
	for b := 0; b < 3; b++ {
		v := []int{r.n(2), r.n(2) * r.n(2), 0, r.n(2) * r.n(2)}
		for _, x := range v {
			rows[3] = append(rows[3], numCell(x))
			totals[b] += x
		}
		rows[3] = append(rows[3], numCell(totals[b]))
	}
	return rows, totals[0], totals[1] + totals[2]
}
