package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/millionstack/millionstack/stages"
)

// stackFileConfig reads the config of a Pulumi stack file
// (Pulumi.<stack>.yaml), so that the offline commands see what `pulumi up`
// on that stack would: the same domain, sizes and suppressions. Keys in
// given (set with --config) win over the file's and are not read from it.
//
// Values are handed over as the Pulumi engine hands them to a program: a
// string as it is, any other value (a list of suppressions, a number, a
// boolean) as its JSON text (Pulumi docs, "Configuration": structured
// configuration is read back as JSON). A key is "namespace:key", or a bare
// key of the project's namespace, or the older "namespace:config:key"
// (pulumi sdk, resource/config ParseKey). millionstack:stage is left out:
// the command line names the stage. A secret ("secure:") cannot be
// decrypted offline: one of millionstack's is refused with the key's name
// unless --config gives a stand-in; any other namespace's (aws:secretKey)
// is not needed offline and is skipped. Unknown millionstack keys are
// refused as `pulumi up` refuses them.
func stackFileConfig(path string, given map[string]string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Name        string         `yaml:"name"`
		Runtime     any            `yaml:"runtime"`
		Config      map[string]any `yaml:"config"`
		Environment any            `yaml:"environment"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("%s is not a Pulumi stack file: %v", path, err)
	}
	if file.Name != "" && file.Runtime != nil {
		return nil, fmt.Errorf("%s is a project file (Pulumi.yaml: name and runtime); allowed: a stack file, Pulumi.<stack>.yaml", path)
	}
	if file.Environment != nil {
		fmt.Fprintf(os.Stderr, "warning: %s imports ESC environments, which the offline tool cannot open; their values are not used\n", path)
	}
	config := map[string]string{}
	var problems []string
	keys := make([]string, 0, len(file.Config))
	for k := range file.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, raw := range keys {
		value := file.Config[raw]
		key := configKey(raw)
		if _, set := given[key]; set || key == stages.StageConfigKey {
			continue
		}
		if m, ok := value.(map[string]any); ok && len(m) == 1 && m["secure"] != nil {
			if strings.HasPrefix(key, "millionstack:") {
				problems = append(problems, key+" is a secret, which cannot be decrypted offline; give a stand-in with --config "+key+"=...")
			}
			continue
		}
		if err := stages.CheckConfigKey(key); err != nil {
			problems = append(problems, err.Error())
			continue
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

// configKey is a stack file's key as "namespace:key": a bare key is the
// project's (millionstack), and "namespace:config:key" is Pulumi's older
// spelling of "namespace:key".
func configKey(key string) string {
	parts := strings.Split(key, ":")
	switch {
	case len(parts) == 1:
		return "millionstack:" + key
	case len(parts) == 3 && parts[1] == "config":
		return parts[0] + ":" + parts[2]
	}
	return key
}

// stackName is the stack a stack file is for: <stack> of
// Pulumi.<stack>.yaml, "" for a file named otherwise.
func stackName(path string) string {
	base := filepath.Base(path)
	for _, ext := range []string{".yaml", ".yml"} {
		if strings.HasPrefix(base, "Pulumi.") && strings.HasSuffix(base, ext) {
			return strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), ext)
		}
	}
	return ""
}
