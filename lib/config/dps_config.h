/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CONFIG_H
#define DPS_CONFIG_H

/**
 * @file
 * The configuration file (DESIGN.md section 12): INI read with rte_cfgfile,
 * validated in full before anything is returned.
 *
 * Sections:
 *   [stack]           at most one; mempool and control-plane settings.
 *   [adapter NAME]    0..16; one DPDK port each (a vdev string or a PCI address).
 *   [protocol NAME]   at most one per protocol; NAME is one of the protocol
 *                     schemas given to the loader; "bind" plus the protocol's keys.
 *
 * Comments start with ';' anywhere on a line ("\;" is a literal ';').
 * Section kinds and key names are lower case and case-sensitive. Every
 * error - an unknown section or key, a duplicate section or key, an empty,
 * malformed or out-of-range value, a line rte_cfgfile would silently skip -
 * fails the whole load, with one message of the form
 *     FILE: [SECTION] KEY = 'VALUE': what is wrong
 * and the output structure zeroed. A bad value of a [stack] or [adapter]
 * key also gets the key's line of documentation from its table
 * (struct dps_config_field):
 *     FILE: [adapter dps0] rx_queues = '0': must be 1..16; rx_queues:
 *     receive queues, more than one turns RSS on (default 1)
 *
 * Loading needs no EAL (rte_cfgfile and rte_log work before rte_eal_init).
 * struct dps_config is large (about 80 KiB): keep it static or on the heap.
 */

#include <stddef.h>
#include <stdint.h>

#include "dps_config_keys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DPS_CONFIG_NAME_LEN 16	       /**< adapter/protocol name: 1..15 chars + NUL */
#define DPS_CONFIG_MAX_ADAPTERS 16     /**< [adapter] sections */
#define DPS_CONFIG_MAX_PROTOCOLS 16    /**< [protocol] sections */
#define DPS_CONFIG_DEVICE_LEN 256      /**< device string, NUL included */
#define DPS_CONFIG_MAX_QUEUES 16       /**< rx_queues / tx_queues upper bound */
#define DPS_CONFIG_MAX_LCORE 127       /**< highest worker lcore id */
#define DPS_CONFIG_SOCKET_LEN 108      /**< sizeof(sun_path) */
#define DPS_CONFIG_MAX_PROTO_KEYS 16   /**< keys per protocol schema */
#define DPS_CONFIG_VALUE_LEN 256       /**< stored value, NUL included */
#define DPS_CONFIG_MAX_VALUE_CHARS 254 /**< longest value accepted from a file */
#define DPS_CONFIG_MAX_PLUGINS 16      /**< plugins: [stack] plugins and --plugin together */
#define DPS_CONFIG_PLUGIN_PATH_LEN 256 /**< plugin path, NUL included */
#define DPS_CONFIG_SOURCE_DEFAULT "<embedded default>" /**< source of the default */
#define DPS_CONFIG_MAX_FILE_BYTES (1024u * 1024u)      /**< largest configuration file read */
#define DPS_CONFIG_ESCAPED_LEN 512 /**< a file name as messages show it, NUL included */

/** The keys a protocol accepts in its [protocol NAME] section. Static data. */
struct dps_config_proto_schema {
	const char *name;		   /**< protocol name, 1..15 chars */
	const struct dps_config_key *keys; /**< NULL-name terminated; NULL = no keys */
};

/**
 * One [adapter NAME] section, defaults filled in. Ranges, defaults and
 * meaning of each key: the adapter table (dps_config_field_at(), and
 * docs/GUIDE.md, which a test keeps equal to it).
 */
struct dps_config_adapter {
	char name[DPS_CONFIG_NAME_LEN];
	char device[DPS_CONFIG_DEVICE_LEN]; /**< as written, e.g. "net_tap0,iface=dps0" */
	uint16_t rx_queues;
	uint16_t tx_queues; /**< 0 = one per worker + one for control */
	uint16_t rx_ring;
	uint16_t tx_ring;
	uint16_t mtu;	    /**< 0 (not from a file) = keep the device's: ports from EAL options */
	uint16_t nb_lcores; /**< 0 = spread over all workers */
	uint16_t lcores[DPS_CONFIG_MAX_LCORE + 1]; /**< worker lcore ids, in file order */
	uint8_t nb_addrs;
	struct dps_config_ipv4 addrs[DPS_CONFIG_MAX_ADDRS];
	/**
	 * A virtual adapter (the vlan mux, DESIGN.md 10): the adapter it sits
	 * on, "" for a physical one (which has a device). A virtual adapter has
	 * no device, queues, rings or lcores of its own; its mtu defaults to its
	 * lower adapter's and may not exceed it.
	 */
	char lower[DPS_CONFIG_NAME_LEN];
	uint16_t vlan;	     /**< virtual: its 802.1Q VLAN id, 1..4094; 0 for a physical one */
	uint8_t mac_set;     /**< virtual: mac was given (else the lower adapter's MAC) */
	uint8_t mac[6];	     /**< virtual: a locally administered unicast MAC */
	uint8_t mtu_given;   /**< the file set mtu */
	uint8_t nb_virtuals; /**< physical: virtual adapters the file puts on it */
};

/** The protocol that serves virtual adapters: the vlan mux (lib/proto/vlan). */
#define DPS_CONFIG_MUX_PROTOCOL "vlan"

/** @return non-zero when @p a is a virtual adapter (it has a lower adapter). Level: any. */
static inline int
dps_config_adapter_is_virtual(const struct dps_config_adapter *a)
{
	return a != NULL && a->lower[0] != '\0';
}

/** Which adapters a protocol binds to. */
enum dps_bind_policy {
	DPS_BIND_ALL,  /**< every adapter (the default) */
	DPS_BIND_LIST, /**< the adapters in bind_list */
	DPS_BIND_NONE, /**< none until asked */
};

/**
 * Value of one schema key. values[i] belongs to schema->keys[i]; every key
 * has one, from the file or from the schema's default.
 */
struct dps_config_proto_value {
	uint8_t given;			/**< 1 if the file set it */
	uint32_t u32;			/**< U32: the number; BOOL: 0 or 1 */
	char str[DPS_CONFIG_VALUE_LEN]; /**< the text (given or default) */
};

/** One [protocol NAME] section. */
struct dps_config_protocol {
	char name[DPS_CONFIG_NAME_LEN];
	const struct dps_config_proto_schema *schema; /**< from the loader's table */
	enum dps_bind_policy bind;
	uint8_t nb_bind;
	char bind_list[DPS_CONFIG_MAX_ADAPTERS][DPS_CONFIG_NAME_LEN];
	uint8_t nb_values; /**< number of keys in the schema */
	struct dps_config_proto_value values[DPS_CONFIG_MAX_PROTO_KEYS];
};

/** socket_uid / socket_gid / admin_uid / admin_gid not set. */
#define DPS_CONFIG_ANY_ID UINT32_MAX

/**
 * The [stack] section, defaults filled in. Ranges, defaults and meaning
 * of each key: the stack table (dps_config_field_at(), and docs/GUIDE.md,
 * which a test keeps equal to it).
 */
struct dps_config_stack {
	uint32_t mbufs; /**< 0 = sized from the adapters */
	uint32_t mbuf_cache;
	uint32_t resources_watermark; /**< percent free */
	uint32_t link_poll_ms;
	char socket[DPS_CONFIG_SOCKET_LEN]; /**< "" = <runtime dir>/dpstack.sock */
	uint32_t socket_uid;		    /**< peers allowed besides root: this uid ... */
	uint32_t socket_gid;		    /**< ... or this gid; DPS_CONFIG_ANY_ID = not set */
	uint32_t admin_uid;		    /**< admins besides root: this uid ... */
	uint32_t admin_gid; /**< ... or members of this group; DPS_CONFIG_ANY_ID = not set */
	uint32_t max_clients;
	uint32_t max_opens;
	uint32_t max_captures;
	uint32_t max_queued_kb;
	uint32_t ctrl_spin_us;
	/**
	 * Protocol plugins (shared objects) to load at start, in this order:
	 * the comma-separated paths of [stack] plugins, then those that
	 * dps_config_plugin_add() appended (dpstack's --plugin). Each path is
	 * non-empty, shorter than DPS_CONFIG_PLUGIN_PATH_LEN, NUL-terminated
	 * and listed once (compared as written, not resolved). Blanks around
	 * a path in the file are dropped; a path cannot contain ','. Nothing
	 * here checks that the file exists: that is the loader's job.
	 */
	uint8_t nb_plugins;
	char plugins[DPS_CONFIG_MAX_PLUGINS][DPS_CONFIG_PLUGIN_PATH_LEN]; /**< [0, nb_plugins) */
};

/** The tables of [stack] and [adapter NAME] keys (see dps_config_field_at()). */
enum dps_config_table {
	DPS_CONFIG_TABLE_STACK,	  /**< keys of [stack], fields of struct dps_config_stack */
	DPS_CONFIG_TABLE_ADAPTER, /**< keys of [adapter NAME], of struct dps_config_adapter */
};

/** How the value of a [stack] or [adapter] key is read. */
enum dps_config_field_type {
	DPS_CONFIG_FIELD_U32,  /**< decimal into a uint32_t, within [min, max] */
	DPS_CONFIG_FIELD_U16,  /**< decimal into a uint16_t, within [min, max] */
	DPS_CONFIG_FIELD_PATH, /**< text into a char[max + 1]; at most max bytes */
	DPS_CONFIG_FIELD_TEXT, /**< the key's own syntax (device, lists); min/max/dflt unused */
};

#define DPS_CONFIG_FIELD_ZERO_AUTO 1u /**< number: 0 (auto) is accepted besides min..max */
#define DPS_CONFIG_FIELD_POW2 2u      /**< number: a power of two */
#define DPS_CONFIG_FIELD_REQUIRED 4u  /**< the section is refused without it */

/**
 * One [stack] or [adapter NAME] key: the loader validates values, fills in
 * defaults and words its error lines from this entry alone.
 */
struct dps_config_field {
	const char *name;		 /**< the key, as written in a file */
	enum dps_config_field_type type; /**< how its value is read */
	uint32_t min, max;		 /**< accepted range (numbers), longest length (PATH) */
	uint32_t dflt;	    /**< numbers: the value when the key is left out; else 0/"" */
	unsigned int flags; /**< DPS_CONFIG_FIELD_* */
	size_t offset;	    /**< of the field in struct dps_config_stack or _adapter */
	const char *doc;    /**< one line for users; error lines end with it */
};

/**
 * The keys of one section kind, in the order the "unknown key" error lists
 * them.
 *
 * @param table DPS_CONFIG_TABLE_STACK or DPS_CONFIG_TABLE_ADAPTER.
 * @param i index, from 0.
 * @return the i-th key, or NULL past the last one or for an unknown table.
 * Level: any.
 */
const struct dps_config_field *dps_config_field_at(enum dps_config_table table, unsigned int i);

/**
 * Fill in the [stack] defaults of the table: what an empty [stack] (or none)
 * gives. Level: any; @p s NULL does nothing.
 */
void dps_config_stack_defaults(struct dps_config_stack *s);

/**
 * Fill in the [adapter] defaults of the table: what an adapter section
 * with only its device gives (name, device, lcores and addresses empty).
 * Level: any; @p a NULL does nothing.
 */
void dps_config_adapter_defaults(struct dps_config_adapter *a);

/** A loaded, validated configuration. */
struct dps_config {
	char source[256]; /**< file name (truncated), or DPS_CONFIG_SOURCE_DEFAULT */
	struct dps_config_stack stack;
	uint16_t nb_adapters;
	struct dps_config_adapter adapters[DPS_CONFIG_MAX_ADAPTERS]; /**< in file order */
	uint16_t nb_protocols;
	struct dps_config_protocol protocols[DPS_CONFIG_MAX_PROTOCOLS]; /**< in file order */
};

/**
 * Load and validate a configuration file.
 *
 * Only a regular file is read (a FIFO, a device, a directory are refused
 * before any read, so that nothing blocks), of at most
 * DPS_CONFIG_MAX_FILE_BYTES, read once; a NUL or control byte (other than
 * tab, CR, LF) anywhere is an error naming its line. Control bytes of
 * @p path are shown escaped (dps_config_escape()) in @p err.
 *
 * @param path the INI file.
 * @param schemas the protocols a [protocol NAME] section may name; must
 *        outlive @p cfg (protocols point at them). May be NULL if
 *        @p nb_schemas is 0.
 * @param nb_schemas number of schemas.
 * @param cfg output; zeroed on any failure.
 * @param err on failure, one line naming the file, section, key and value
 *        (may be NULL).
 * @param errlen size of @p err.
 * @return DPS_OK;
 *         DPS_E_INVALID_PARAMETER for a NULL argument, an invalid schema
 *         table, or a missing required key (device);
 *         DPS_E_NOT_FOUND if the file cannot be opened or read, or is not a
 *         regular file;
 *         DPS_E_INVALID_DATA for a file too large, a NUL or control byte,
 *         an INI syntax error or a bad value (range,
 *         format, power of two, device, address, unknown adapter in bind);
 *         DPS_E_NOT_SUPPORTED for an unknown section, protocol or key;
 *         DPS_E_EXISTS for a duplicate section, adapter name, device, key,
 *         list element (lcore, address, bind entry);
 *         DPS_E_RESOURCES for more adapters, protocols or addresses than
 *         supported, or no memory.
 * Level: CONTROL (file I/O).
 */
int dps_config_load_file(const char *path, const struct dps_config_proto_schema *schemas,
	unsigned int nb_schemas, struct dps_config *cfg, char *err, size_t errlen);

/**
 * Check one protocol schema with the rules dps_config_load_file() applies
 * to every schema it is given: a name of 1..15 characters of A-Z a-z 0-9
 * _ . -; at most DPS_CONFIG_MAX_PROTO_KEYS keys, each named [a-z0-9_]
 * (1..31, not "bind"), once; U32 min <= max; STRING length bounds within
 * 0..254; a default for U32 and BOOL; every default valid for its key.
 * A plugin's descriptor can be checked with it when it is loaded, so that
 * a bad key table is the plugin's error, not the configuration's.
 *
 * @param s the schema.
 * @param err on failure, one line "protocol schema 'NAME': ..." (may be
 *        NULL).
 * @param len size of @p err.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER for NULL or a bad schema.
 * Level: any.
 */
int dps_config_schema_check(const struct dps_config_proto_schema *s, char *err, size_t len);

/**
 * Load only the [stack] section of @p path: what dpstack needs before the
 * whole file can be checked, since the plugins its [stack] plugins names
 * bring protocols (and the schemas of their [protocol NAME] sections).
 * The other sections are not read (not even checked); the whole file is
 * loaded afterwards with dps_config_load_file().
 *
 * @return as dps_config_load_file() for errors in the file's syntax or in
 *         [stack]; on failure @p cfg is zeroed.
 * Level: CONTROL.
 */
int dps_config_load_stack(const char *path, struct dps_config *cfg, char *err, size_t errlen);

/**
 * Load the embedded default configuration (config/default.ini, built into
 * the library): adapter dps0 on net_tap0 (iface dps0) with
 * 198.51.100.2/24, [protocol arp] and [protocol ipv4] bound to all.
 * cfg->source is DPS_CONFIG_SOURCE_DEFAULT.
 *
 * The schemas must include "arp" and "ipv4".
 *
 * @param schemas, nb_schemas, cfg, err, errlen as for dps_config_load_file().
 * @return as dps_config_load_file(); DPS_E_RESOURCES if the text cannot be
 *         staged in an anonymous memory file (memfd).
 * Level: CONTROL.
 */
int dps_config_load_default(const struct dps_config_proto_schema *schemas, unsigned int nb_schemas,
	struct dps_config *cfg, char *err, size_t errlen);

/**
 * @return the embedded default configuration text, NUL-terminated, byte
 *         for byte config/default.ini. Level: any.
 */
const char *dps_config_default_text(void);

/**
 * Append a plugin path to cfg->stack.plugins, with the rules of
 * [stack] plugins (see struct dps_config_stack).
 *
 * @param cfg a loaded configuration.
 * @param path the shared object's path.
 * @param reason on failure, why, without the path (e.g. "listed twice");
 *        may be NULL.
 * @param len size of @p reason.
 * @return DPS_OK;
 *         DPS_E_INVALID_PARAMETER for a NULL @p cfg or @p path;
 *         DPS_E_INVALID_DATA for an empty path or one of
 *         DPS_CONFIG_PLUGIN_PATH_LEN bytes or more;
 *         DPS_E_EXISTS if the path is in the list already;
 *         DPS_E_RESOURCES if the list has DPS_CONFIG_MAX_PLUGINS paths.
 * Level: any.
 */
int dps_config_plugin_add(struct dps_config *cfg, const char *path, char *reason, size_t len);

/**
 * Copy text for a message line: control bytes (0x00..0x1f, 0x7f) become
 * "\\xHH", so that input never reaches a terminal raw.
 *
 * @param in NUL-terminated text (NULL gives "").
 * @param out output, always NUL-terminated when @p len > 0; cut at a
 *        character boundary when too short.
 * @param len size of @p out.
 * @return the length written. Level: any.
 */
size_t dps_config_escape(const char *in, char *out, size_t len);

/**
 * Find an adapter section by name.
 *
 * @return the adapter, or NULL if there is none or an argument is NULL.
 * Level: any.
 */
const struct dps_config_adapter *dps_config_adapter_find(
	const struct dps_config *cfg, const char *name);

/**
 * Find a protocol section by name.
 *
 * @return the protocol, or NULL if the file has no such section or an
 *         argument is NULL. Level: any.
 */
const struct dps_config_protocol *dps_config_protocol_find(
	const struct dps_config *cfg, const char *name);

/**
 * Whether a protocol's bind policy includes an adapter.
 *
 * @return 1 if @p p binds to the adapter named @p adapter, 0 if not or if
 *         an argument is NULL. Level: any.
 */
int dps_config_proto_binds(const struct dps_config_protocol *p, const char *adapter);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CONFIG_H */
