package stages

import (
	"fmt"
	"strings"
)

// retryShell defines `retry CMD...`: the first boot of a host races its own
// wiring (the data volume and the Elastic IP are attached after the instance
// starts), so every step that needs them waits for them, up to ten minutes.
const retryShell = `retry() { for _ in $(seq 60); do "$@" && return 0; sleep 10; done; echo "gave up: $*" >&2; return 1; }
`

// loadAppConfig is the boot step every app server runs: read the endpoints
// the stage stored under its SSM path into /etc/millionstack/app.env
// (DB_WRITER=..., CACHE_PRIMARY=...), so nothing about the environment is
// baked into the image or the code.
func loadAppConfig(region, path string) string {
	return fmt.Sprintf(`# The app's endpoints, from SSM Parameter Store.
mkdir -p /etc/millionstack
retry aws ssm get-parameters-by-path --region %[1]s --path %[2]s --recursive \
  --query 'Parameters[].[Name,Value]' --output text > /tmp/app.params
while read -r name value; do
  key=$(echo "${name#%[2]s/}" | tr 'a-z/-' 'A-Z__')
  echo "${key}=${value}"
done < /tmp/app.params > /etc/millionstack/app.env
`, region, path)
}

// hostUserData prepares the single host. The data volume is mounted on /data
// (formatted only when blank, so a replaced instance finds its data), and
// while the host also runs the database (stage 1) PostgreSQL keeps its files
// there. From stage 10 on the host reads its endpoints like every app server.
//
// The script runs at every boot, not only the first: moving the stack from
// stage 1 to 10 changes it and restarts the instance, and the new script must
// run then. Every step is therefore idempotent.
func hostUserData(region, path string, runsDatabase bool) string {
	script := "#!/bin/bash\nset -euo pipefail\n" + retryShell + `# The data volume is attached after the instance starts: wait for it.
retry test -e /dev/sdf
dev=$(readlink -f /dev/sdf)
blkid "$dev" || mkfs -t xfs "$dev"
mkdir -p /data
grep -q ' /data ' /etc/fstab || echo "UUID=$(blkid -s UUID -o value "$dev") /data xfs defaults,nofail 0 2" >> /etc/fstab
mount -a
`
	if runsDatabase {
		script += `# One user: the database runs on this host, its files on the data volume.
retry dnf install -y postgresql15-server
mkdir -p /data/pgsql && chown postgres:postgres /data/pgsql
[ -f /data/pgsql/PG_VERSION ] || sudo -u postgres /usr/bin/initdb -D /data/pgsql
mkdir -p /etc/systemd/system/postgresql.service.d
printf '[Service]\nEnvironment=PGDATA=/data/pgsql\n' > /etc/systemd/system/postgresql.service.d/data.conf
systemctl daemon-reload && systemctl enable --now postgresql
`
	}
	if path != "" {
		script += loadAppConfig(region, path)
	}
	return everyBoot(script)
}

// webUserData boots an instance of a load-balanced tier: it only needs its
// configuration; the application itself comes with the AMI or a deploy tool.
// Instances of a tier are replaced, never changed, so once per instance is enough.
func webUserData(region, path string) string {
	return "#!/bin/bash\nset -euo pipefail\n" + retryShell + loadAppConfig(region, path)
}

// everyBoot wraps a shell script in the multi-part user data that tells
// cloud-init to run it at every boot (the approach AWS documents for running
// user data after the first launch).
func everyBoot(script string) string {
	return strings.Join([]string{
		`Content-Type: multipart/mixed; boundary="//"`,
		"MIME-Version: 1.0",
		"",
		"--//",
		`Content-Type: text/cloud-config; charset="us-ascii"`,
		"",
		"#cloud-config",
		"cloud_final_modules:",
		"- [scripts-user, always]",
		"",
		"--//",
		`Content-Type: text/x-shellscript; charset="us-ascii"`,
		"",
		script,
		"--//--",
		"",
	}, "\n")
}
