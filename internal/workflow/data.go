package workflow

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// checkData validates data against fields: required fields present, each
// value of its declared type. Fields not declared are refused unless
// allowExtra is set or no fields are declared at all.
func checkData(fields []Field, data map[string]any, allowExtra bool) error {
	var problems []string
	declared := map[string]bool{}
	for _, f := range fields {
		declared[f.Name] = true
		v, ok := data[f.Name]
		if !ok || v == nil {
			if f.Required {
				problems = append(problems, fmt.Sprintf("%s: required", f.Name))
			}
			continue
		}
		if !hasType(v, f.Type) {
			problems = append(problems, fmt.Sprintf("%s: must be a %s", f.Name, f.Type))
		}
	}
	if !allowExtra && len(fields) > 0 {
		for k := range data {
			if !declared[k] {
				problems = append(problems, fmt.Sprintf("%s: not a declared field", k))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.Sort(problems)
	return fmt.Errorf("%s", strings.Join(problems, "; "))
}

func hasType(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		switch v.(type) {
		case float64, float32, int, int8, int16, int32, int64,
			uint, uint8, uint16, uint32, uint64, json.Number:
			return true
		}
	}
	return false
}
