package stages

import "fmt"

// loadAppConfig is the boot step every app server runs: read the endpoints
// the stage stored under its SSM path into /etc/millionstack/app.env
// (DB_WRITER=..., CACHE_PRIMARY=...), so nothing about the environment is
// baked into the image or the code.
func loadAppConfig(region, path string) string {
	return fmt.Sprintf(`mkdir -p /etc/millionstack
aws ssm get-parameters-by-path --region %[1]s --path %[2]s --recursive \
  --query 'Parameters[].[Name,Value]' --output text |
while read -r name value; do
  key=$(echo "${name#%[2]s/}" | tr 'a-z/-' 'A-Z__')
  echo "${key}=${value}"
done > /etc/millionstack/app.env
`, region, path)
}

// hostUserData prepares the single host: the data volume is mounted on /data
// (formatted only the first time, so a replaced instance finds its data), and
// while the host also runs the database (stage 1) PostgreSQL keeps its files
// there. From stage 10 on the host reads its endpoints like every app server.
func hostUserData(region, path string, runsDatabase bool) string {
	script := `#!/bin/bash
set -euo pipefail
# The data volume survives the instance: format it only if it is blank.
dev=/dev/nvme1n1; [ -b "$dev" ] || dev=/dev/sdf
blkid "$dev" || mkfs -t xfs "$dev"
mkdir -p /data
grep -q ' /data ' /etc/fstab || echo "$(blkid -s UUID -o value "$dev" | sed 's/^/UUID=/') /data xfs defaults,nofail 0 2" >> /etc/fstab
mount -a
`
	if runsDatabase {
		script += `# One user: the database runs on this host, its files on the data volume.
dnf install -y postgresql15-server
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
	return script
}

// webUserData boots an instance of a load-balanced tier: it only needs its
// configuration; the application itself comes with the AMI or a deploy tool.
func webUserData(region, path string) string {
	return "#!/bin/bash\nset -euo pipefail\n" + loadAppConfig(region, path)
}
