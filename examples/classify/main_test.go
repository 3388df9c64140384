package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/engagekit/engage/examples/internal/runtest"
)

func TestClassifyTellsEachStory(t *testing.T) {
	for _, tc := range []struct {
		customer string
		want     []string
		notWant  []string
	}{
		{"ben", []string{
			"ben as of 2025-07-01: returning (Gallup level: engaged)",
			"bought on 3 days, last 12 days ago, goodwill 2.81: can count on the business and returns",
			"goodwill 2.81 is below the 5.00 an advocate holds",
			"  referral_invitation  invite the customer to recommend the business to a friend",
			"not yet: ambassador_programme, co_creation, brainstorm, showcase\n",
			"because ambassador_programme needs an advocate customer: a returning customer welcomes dialogue",
		}, []string{"  co_creation "}},
		{"ana", []string{
			"ana as of 2025-07-01: advocate (Gallup level: fully_engaged)",
			`1 referral(s), NPS class "promoter", last advocacy 18 days ago, goodwill 8.67`,
			"  co_creation          invite the customer to develop a product",
			// The actions for prospects and former customers are neither
			// offered to an advocate nor listed as "not yet".
		}, []string{"not yet", "  welcome ", "  win_back "}},
		{"cleo", []string{
			"cleo as of 2025-07-01: transactional (Gallup level: actively_disengaged)",
			"bought on 1 day(s); a returning customer has bought on at least 2",
			"goodwill -2.99 is below the 2.00 a returning customer holds",
			"  service_recovery     put right a complaint",
			"not yet: quick_feedback, vote, referral_invitation, community_event, ambassador_programme,",
			"because quick_feedback needs a returning customer: a transactional customer asks first",
		}, []string{"  vote "}},
		{"dev", []string{
			"dev as of 2025-07-01: former (Gallup level: none)",
			"not seen for 445 days (more than 365): a former customer",
			"not yet: fix_basics, service_recovery,",
			"  win_back             win the former customer back",
		}, []string{"  fix_basics ", "  welcome "}},
	} {
		t.Run(tc.customer, func(t *testing.T) {
			var out strings.Builder
			if err := run(&out, []string{"-customer", tc.customer}); err != nil {
				t.Fatalf("run: %v", err)
			}
			got := out.String()
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("output lacks %q; got:\n%s", want, got)
				}
			}
			for _, bad := range tc.notWant {
				if strings.Contains(got, bad) {
					t.Errorf("output has %q; got:\n%s", bad, got)
				}
			}
		})
	}
}

func TestClassifyAsOfAnEarlierDate(t *testing.T) {
	// On 2025-04-10 ana had bought twice and rated 5, but not yet
	// recommended anyone: a returning customer, not yet an advocate.
	var out strings.Builder
	if err := run(&out, []string{"-customer", "ana", "-asof", "2025-04-10"}); err != nil {
		t.Fatalf("run: %v", err)
	}
	if want := "ana as of 2025-04-10: returning (Gallup level: engaged)"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q; got:\n%s", want, out.String())
	}
}

func TestClassifyRefusesBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	data := "id,customer,time,kind,amount\n1,ana,2025-01-01,purchase,10\n2,ana,2025-01-02,purchase,-3\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	runtest.Fails(t, run, []runtest.Failure{
		{Args: []string{"-interactions", path, "-customer", "ana"}, Want: []string{"line 3", "amount", `"-3"`}},
		{Args: []string{"-customer", "zed"}, Want: []string{`customer "zed" has no interactions`}},
		{Args: []string{"-asof", "July"}, Want: []string{`-asof "July"`}},
		{Args: []string{"-interactions", filepath.Join(t.TempDir(), "missing.csv")}, Want: []string{"missing.csv"}},
	})
}

// -h names the file the program reads and its format, and lists the flags.
func TestClassifyHelp(t *testing.T) {
	runtest.Help(t, run, "-interactions", "id, customer, time (RFC 3339), kind", "-customer")
}
