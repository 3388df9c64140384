package touchpoints_test

import (
	"strings"
	"testing"

	"github.com/engagekit/engage/touchpoints"
)

func TestFunctionValidate(t *testing.T) {
	for _, f := range append(touchpoints.Functions(), "customer_success", "it2", "x") {
		if err := f.Validate(); err != nil {
			t.Errorf("Function(%q).Validate() = %v, want nil", f, err)
		}
	}
	for _, f := range []touchpoints.Function{"", "Sales", "2nd_line", "_x", "a-b", "a b", "é", touchpoints.Function(strings.Repeat("a", 65))} {
		fe := tpFieldError(t, f.Validate())
		if fe.Field != "owner" || (len(f) <= 64 && fe.Value != string(f)) {
			t.Errorf("Function(%q).Validate() names %s %q", f, fe.Field, fe.Value)
		}
	}
	if !touchpoints.ProductManagement.IsBuiltin() || touchpoints.Function("legal").IsBuiltin() {
		t.Errorf("IsBuiltin is wrong")
	}
	if touchpoints.ProductManagement != "product_management" {
		t.Errorf("ProductManagement = %q", touchpoints.ProductManagement)
	}
}

func TestParseFunction(t *testing.T) {
	tests := []struct {
		text string
		want touchpoints.Function
	}{
		{"", ""},
		{"  ", ""},
		{"Marketing", touchpoints.Marketing},
		{" Product Management ", touchpoints.ProductManagement},
		{"product-management", touchpoints.ProductManagement},
		{"product_management", touchpoints.ProductManagement},
		{"Customer  Success", "customer_success"},
	}
	for _, tt := range tests {
		got, err := touchpoints.ParseFunction(tt.text)
		if err != nil || got != tt.want {
			t.Errorf("ParseFunction(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
	for _, text := range []string{"R&D", "1st", "café"} {
		_, err := touchpoints.ParseFunction(text)
		fe := tpFieldError(t, err)
		if fe.Field != "owner" || fe.Value != text {
			t.Errorf("ParseFunction(%q) names %s %q", text, fe.Field, fe.Value)
		}
	}
}
