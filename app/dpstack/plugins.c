/* SPDX-License-Identifier: BSD-3-Clause */
/* Protocol plugins: load, check, add to the registry (plugins.h). */
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dps_config.h"
#include "dps_protocol.h"
#include "dps_status.h"
#include "plugins.h"

/* the version node of libdpstack's stack-internal functions (lib/libdpstack.map) */
#define INTERNAL_NODE "DPSTACK_INTERNAL"

/* the loaded plugins, in load order */
static struct {
	void *handle;
	char path[DPS_CONFIG_PLUGIN_PATH_LEN];
	const char *protocol;
} loaded[DPS_CONFIG_MAX_PLUGINS];
static unsigned int nb_loaded;

static int fail(char *err, size_t len, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(char *err, size_t len, int status, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
		/* one line, whatever dlerror or a descriptor said */
		for (char *p = err; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	return status;
}

/*
 * Does the ELF file @p path ask for a symbol of version INTERNAL_NODE (its
 * .gnu.version_r lists the versions it needs from each library)? Every
 * offset is checked against the file's size before it is read.
 * @return 1 yes, 0 no (or no version section: nothing to check), -1 not a
 *         64-bit ELF file we can read (dlopen accepted it, so not expected).
 */
static int
uses_internal(const char *path)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	const uint8_t *base;
	struct stat st;
	size_t size;
	int fd, found = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return -1;
	}
	size = (size_t)st.st_size;
	base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return -1;
	eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
		eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
		(size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum) {
		munmap((void *)(uintptr_t)base, size);
		return -1;
	}
	sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	for (unsigned int i = 0; i < eh->e_shnum && !found; i++) {
		const Elf64_Shdr *str;
		uint64_t off;

		if (sh[i].sh_type != SHT_GNU_verneed || sh[i].sh_link >= eh->e_shnum)
			continue;
		str = &sh[sh[i].sh_link];
		if (str->sh_offset > size || str->sh_size > size - str->sh_offset ||
			sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset)
			break;
		off = sh[i].sh_offset;
		for (unsigned int n = 0; n < sh[i].sh_info; n++) {
			const Elf64_Verneed *vn;
			uint64_t aux;

			if (off > size - sizeof(*vn))
				break;
			vn = (const Elf64_Verneed *)(base + off);
			aux = off + vn->vn_aux;
			for (unsigned int a = 0;
				a < vn->vn_cnt && aux <= size - sizeof(Elf64_Vernaux); a++) {
				const Elf64_Vernaux *va = (const Elf64_Vernaux *)(base + aux);
				const char *name =
					(const char *)(base + str->sh_offset) + va->vna_name;

				if (va->vna_name < str->sh_size &&
					strnlen(name, str->sh_size - va->vna_name) ==
						strlen(INTERNAL_NODE) &&
					memcmp(name, INTERNAL_NODE, strlen(INTERNAL_NODE)) == 0)
					found = 1;
				if (va->vna_next == 0)
					break;
				aux += va->vna_next;
			}
			if (vn->vn_next == 0)
				break;
			off += vn->vn_next;
		}
	}
	munmap((void *)(uintptr_t)base, size);
	return found;
}

/* dlerror() names the file first ("PATH: cannot open ..."): say it once */
static const char *
dl_reason(const char *path)
{
	const char *e = dlerror();
	size_t n = strlen(path);

	if (e == NULL)
		return "unknown dlopen error";
	if (strncmp(e, path, n) == 0 && e[n] == ':' && e[n + 1] == ' ')
		return e + n + 2;
	return e;
}

int
dps_app_plugin_load(const char *path, char *err, size_t len)
{
	const struct dps_plugin_entry *entry;
	struct dps_config_proto_schema schema;
	const struct dps_protocol_desc *d;
	char why[256];
	void *h;
	int rc;

	if (path == NULL)
		return fail(err, len, DPS_E_INVALID_PARAMETER, "plugin: NULL path");
	if (nb_loaded == DPS_CONFIG_MAX_PLUGINS)
		return fail(err, len, DPS_E_RESOURCES, "plugin %s: more than %u plugins", path,
			DPS_CONFIG_MAX_PLUGINS);
	dlerror();
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return fail(err, len, DPS_E_NOT_FOUND, "plugin %s: cannot load: %s", path,
			dl_reason(path));
	entry = dlsym(h, DPS_PLUGIN_ENTRY_SYMBOL);
	if (entry == NULL) {
		rc = fail(err, len, DPS_E_NOT_FOUND,
			"plugin %s: no entry point '%s' (a plugin defines it with "
			"DPS_PLUGIN_EXPORT)",
			path, DPS_PLUGIN_ENTRY_SYMBOL);
		goto unload;
	}
	if (entry->abi_version != DPS_PROTOCOL_ABI_VERSION) {
		rc = fail(err, len, DPS_E_NOT_SUPPORTED,
			"plugin %s: built for SDK ABI version %u, this dpstack has version %u",
			path, entry->abi_version, DPS_PROTOCOL_ABI_VERSION);
		goto unload;
	}
	if (uses_internal(path) == 1) {
		rc = fail(err, len, DPS_E_NOT_SUPPORTED,
			"plugin %s: uses stack-internal functions (symbol version %s); a plugin "
			"may use only what the SDK's headers declare",
			path, INTERNAL_NODE);
		goto unload;
	}
	d = entry->desc;
	rc = dps_protocol_desc_validate(d, why, sizeof(why));
	if (rc != DPS_OK) {
		rc = fail(err, len, rc, "plugin %s: invalid descriptor: %s", path, why);
		goto unload;
	}
	/* its key table: the plugin's error now, not the configuration's later */
	schema.name = d->name;
	schema.keys = d->config_keys;
	rc = dps_config_schema_check(&schema, why, sizeof(why));
	if (rc != DPS_OK) {
		rc = fail(err, len, rc, "plugin %s: invalid descriptor: %s", path, why);
		goto unload;
	}
	if (d->socket_service != NULL) {
		rc = fail(err, len, DPS_E_INVALID_PARAMETER,
			"plugin %s: invalid descriptor: protocol '%s': socket_service is for the "
			"built-in raw protocol only",
			path, d->name);
		goto unload;
	}
	rc = dps_protocol_registry_add(d);
	if (rc == DPS_E_EXISTS) {
		rc = fail(err, len, rc, "plugin %s: protocol name '%s' is already taken", path,
			d->name);
		goto unload;
	}
	if (rc != DPS_OK) {
		rc = fail(err, len, rc, "plugin %s: protocol '%s': %s", path, d->name,
			dps_status_str(rc));
		goto unload;
	}
	loaded[nb_loaded].handle = h;
	snprintf(loaded[nb_loaded].path, sizeof(loaded[nb_loaded].path), "%s", path);
	loaded[nb_loaded].protocol = d->name;
	nb_loaded++;
	return DPS_OK;
unload:
	dlclose(h);
	return rc;
}

unsigned int
dps_app_plugin_count(void)
{
	return nb_loaded;
}

void
dps_app_plugins_print(FILE *f)
{
	for (unsigned int i = 0; i < nb_loaded; i++)
		fprintf(f, "dpstack: plugin %s: protocol %s\n", loaded[i].path, loaded[i].protocol);
}

void
dps_app_plugins_unload(void)
{
	while (nb_loaded > 0)
		dlclose(loaded[--nb_loaded].handle);
}
