package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/millionstack/millionstack/stages"
)

// stackFileConfig reads the config of a Pulumi stack file
// (Pulumi.<stack>.yaml), so that the offline commands see what `pulumi up`
// on that stack would: the same domain, sizes and suppressions.
//
// Values are handed over as the Pulumi engine hands them to a program: a
// string as it is, any other value (a list of suppressions, a number, a
// boolean) as its JSON text (Pulumi docs, "Configuration": structured
// configuration is read back as JSON). millionstack:stage is left out: the
// command line names the stage. A secret ("secure:") cannot be decrypted
// offline, so it is refused with the key's name; pass a stand-in value with
// --config instead. Unknown millionstack keys are refused as `pulumi up`
// refuses them.
func stackFileConfig(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s is not a Pulumi stack file: %v", path, err)
	}
	config := map[string]string{}
	var problems []string
	keys := make([]string, 0, len(file.Config))
	for k := range file.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		value := file.Config[key]
		if key == "millionstack:stage" {
			continue
		}
		if !strings.Contains(key, ":") {
			// Pulumi reads a key without a namespace as the project's.
			key = "millionstack:" + key
		}
		if err := stages.CheckConfigKey(key); err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if m, ok := value.(map[string]any); ok {
			if _, secret := m["secure"]; secret && len(m) == 1 {
				problems = append(problems, key+" is a secret, which cannot be decrypted offline; give a stand-in with --config "+key+"=...")
				continue
			}
		}
		switch v := value.(type) {
		case string:
			config[key] = v
		case nil:
			config[key] = ""
		default:
			text, err := json.Marshal(v)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", key, err))
				continue
			}
			config[key] = string(text)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", path, strings.Join(problems, "; "))
	}
	return config, nil
}
