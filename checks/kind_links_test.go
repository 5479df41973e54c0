package checks

import (
	"testing"

	"gongkai/crawler/snapshot"
)

func TestDeadLinks(t *testing.T) {
	runKindCases(t, []kindCase{
		{name: "none", rule: "links-dead-home", want: "pass"},
		{name: "dead and soft 404, blocked ignored", mutate: func(s *snapshot.Snapshot) {
			s.Links[0].Dead, s.Links[0].HTTPStatus = true, 404
			s.Links[1].Soft404 = true
			s.Links[2].Blocked, s.Links[2].Dead, s.Links[2].HTTPStatus = true, true, 403
		}, rule: "links-dead-home", want: "fail,fail", points: 2, msg: "软404"},
		{name: "other page", mutate: func(s *snapshot.Snapshot) {
			l := &s.Links[len(s.Links)-1]
			l.Dead, l.Status, l.Error, l.HTTPStatus = true, snapshot.StatusTimeout, "timeout after 15s", 0
		}, rule: "links-dead-other", want: "fail", points: 0.1, msg: "timeout：timeout after 15s"},
		{name: "not checked", mutate: func(s *snapshot.Snapshot) {
			for i := range s.Links {
				s.Links[i].Status = snapshot.StatusNotChecked
			}
		}, rule: "links-dead-home", want: "not_applicable", msg: "均未检查"},
		{name: "no links in scope", mutate: func(s *snapshot.Snapshot) { s.Links = s.Links[:len(s.Links)-1] }, rule: "links-dead-other", want: "pass"},
	})
}
