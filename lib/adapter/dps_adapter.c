/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_tailq.h>

#include "dps_adapter.h"
#include "dps_fault.h"
#include "dps_log.h"
#include "dps_protocol.h"
#include "dps_status.h"

DPS_LOG_REGISTER(adapter, INFO);

__thread uint32_t dps__lcore_slot_tls __attribute__((tls_model("initial-exec"))) =
	DPS_LCORE_SLOT_UNSET;

static TAILQ_HEAD(, dps_adapter) adapters = TAILQ_HEAD_INITIALIZER(adapters);
static unsigned int nb_adapters;

/* Extra mbufs for frames protocols keep (receive queues) or copy. */
#define POOL_HEADROOM 4096u

/*
 * PMDs whose rx queue i belongs with tx queue i: net_tap (the kernel spreads
 * flows over every pair) and net_ring (tx queue i loops into rx queue i).
 * @p name: a driver name ("net_tap") or a device string ("net_tap0,iface=x").
 */
static int
paired_queues(const char *name)
{
	return strncmp(name, "net_tap", 7) == 0 || strncmp(name, "net_ring", 8) == 0;
}

/*
 * The largest MTU ethdev will accept: its max_mtu, and what its largest
 * receive frame leaves after the L2 overhead it assumes (ethdev's rule:
 * max_rx_pktlen - max_mtu when the PMD gives a max_mtu below the frame,
 * else header + CRC). net_tap says max_mtu 65535 but takes frames of 1522.
 */
static uint16_t
device_max_mtu(const struct rte_eth_dev_info *info)
{
	uint32_t overhead = RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN, frame_max;

	if (info->max_mtu != UINT16_MAX && info->max_rx_pktlen > info->max_mtu)
		overhead = info->max_rx_pktlen - info->max_mtu;
	if (info->max_rx_pktlen <= overhead)
		return info->max_mtu;
	frame_max = info->max_rx_pktlen - overhead;
	return (uint16_t)RTE_MIN((uint32_t)info->max_mtu, frame_max);
}

/* The frame overhead ethdev adds to an MTU for its device limit (as above). */
static uint32_t
mtu_overhead(const struct dps_adapter *a)
{
	struct rte_eth_dev_info info;

	if (dps_adapter_is_virtual(a))
		a = a->lower; /* its frames are the lower port's */
	if (rte_eth_dev_info_get(a->port_id, &info) != 0)
		return RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	if (info.max_mtu != UINT16_MAX && info.max_rx_pktlen > info.max_mtu)
		return info.max_rx_pktlen - info.max_mtu;
	return RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
}

/* Largest MTU whose frames (two VLAN tags, CRC) fit one mbuf of the pool. */
static unsigned int
pool_max_mtu(const struct dps_adapter *a)
{
	unsigned int room;

	if (a->pool == NULL)
		return UINT16_MAX;
	room = rte_pktmbuf_data_room_size(a->pool) - RTE_PKTMBUF_HEADROOM;
	if (room <= RTE_ETHER_HDR_LEN + 8 + RTE_ETHER_CRC_LEN)
		return 0;
	return room - (RTE_ETHER_HDR_LEN + 8 + RTE_ETHER_CRC_LEN);
}

uint16_t
dps_adapter_max_mtu(const struct dps_adapter *a)
{
	if (a == NULL)
		return 0;
	return (uint16_t)RTE_MIN((unsigned int)a->max_mtu, pool_max_mtu(a));
}

int
dps_adapter_check_mtu(const struct dps_adapter *a, uint32_t mtu, char *why, size_t len)
{
	char dummy[1];

	if (why == NULL || len == 0) {
		why = dummy;
		len = sizeof(dummy);
	}
	why[0] = '\0';
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (mtu < RTE_ETHER_MIN_MTU || mtu < a->min_mtu) {
		snprintf(why, len, "MTU %u is below the device's minimum %u", mtu,
			RTE_MAX((unsigned int)a->min_mtu, (unsigned int)RTE_ETHER_MIN_MTU));
		return DPS_E_INVALID_PARAMETER;
	}
	if (mtu > a->max_mtu) {
		uint32_t oh = mtu_overhead(a);

		snprintf(why, len, "MTU %u: frame size %u > device max %u (%s: MTU at most %u)",
			mtu, mtu + oh, (unsigned int)a->max_mtu + oh, a->name, a->max_mtu);
		return DPS_E_INVALID_PARAMETER;
	}
	if (mtu > pool_max_mtu(a)) {
		snprintf(why, len,
			"MTU %u: frames would not fit one mbuf of %u data bytes (MTU at most %u "
			"with this pool)",
			mtu, rte_pktmbuf_data_room_size(a->pool) - RTE_PKTMBUF_HEADROOM,
			pool_max_mtu(a));
		return DPS_E_INVALID_PARAMETER;
	}
	return DPS_OK;
}

int
dps_adapter_check_rx_queues(const struct dps_adapter *a, uint32_t n, char *why, size_t len)
{
	struct rte_eth_dev_info info;
	char dummy[1];
	int rc;

	if (why == NULL || len == 0) {
		why = dummy;
		len = sizeof(dummy);
	}
	why[0] = '\0';
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a)) {
		snprintf(why, len, "%s is a virtual adapter: no queues of its own", a->name);
		return DPS_E_NOT_SUPPORTED;
	}
	rc = rte_eth_dev_info_get(a->port_id, &info);
	if (rc != 0) {
		snprintf(why, len, "%s: device info: %s", a->name, rte_strerror(-rc));
		return dps_status_from_errno(rc);
	}
	if (n == 0 || n > info.max_rx_queues || n > RTE_MAX_QUEUES_PER_PORT) {
		snprintf(why, len, "%u rx queues: the device has 1 to %u", n,
			RTE_MIN((unsigned int)info.max_rx_queues,
				(unsigned int)RTE_MAX_QUEUES_PER_PORT));
		return DPS_E_INVALID_PARAMETER;
	}
	if (paired_queues(info.driver_name) && n != a->nb_txq) {
		snprintf(why, len, "%s needs as many rx as tx queues (%u)", info.driver_name,
			a->nb_txq);
		return DPS_E_NOT_SUPPORTED;
	}
	return DPS_OK;
}

unsigned int
dps_adapter_pool_size(
	const struct dps_config *cfg, unsigned int nb_workers, char *breakdown, size_t len)
{
	unsigned int rx = 0, tx = 0, caches, bursts, total;
	unsigned int nb_lcores = nb_workers + 1;

	for (unsigned int i = 0; cfg != NULL && i < cfg->nb_adapters; i++) {
		const struct dps_config_adapter *ac = &cfg->adapters[i];
		unsigned int txq = ac->tx_queues ? ac->tx_queues : nb_workers + 1;
		unsigned int rxq = ac->rx_queues;

		if (dps_config_adapter_is_virtual(ac))
			continue;	       /* no rings: its lower adapter's */
		if (paired_queues(ac->device)) /* as many rx as tx queues */
			rxq = txq = RTE_MAX(rxq, txq);
		rx += (unsigned int)ac->rx_ring * rxq;
		tx += (unsigned int)ac->tx_ring * txq;
	}
	caches = cfg != NULL ? nb_lcores * cfg->stack.mbuf_cache * 3 / 2 : 0;
	bursts = nb_lcores * (DPS_BURST + DPS_TXBUF_SIZE) * (cfg ? cfg->nb_adapters + 1u : 1u);
	total = rx + tx + caches + bursts + POOL_HEADROOM;
	if (breakdown != NULL && len > 0)
		snprintf(breakdown, len,
			"rx rings %u + tx rings %u + lcore caches %u + bursts %u + headroom %u", rx,
			tx, caches, bursts, POOL_HEADROOM);
	return total;
}

static int set_err(char *err, size_t len, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
set_err(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* "net_tap0,iface=dps0" -> "net_tap0" */
static void
device_name(const char *device, char *name, size_t len)
{
	size_t n = strcspn(device, ",");

	if (n >= len)
		n = len - 1;
	memcpy(name, device, n);
	name[n] = '\0';
}

static int
find_or_probe(struct dps_adapter *a, char *err, size_t errlen)
{
	char name[RTE_DEV_NAME_MAX_LEN];
	uint16_t port;
	int rc;

	device_name(a->cfg.device, name, sizeof(name));
	if (rte_eth_dev_get_port_by_name(name, &port) == 0) {
		if (dps_adapter_by_port(port) != NULL)
			return set_err(err, errlen, DPS_E_EXISTS,
				"adapter %s: device %s is already adapter %s", a->name, name,
				dps_adapter_by_port(port)->name);
		a->port_id = port;
		return DPS_OK;
	}
	rc = rte_dev_probe(a->cfg.device);
	if (rc < 0)
		return set_err(err, errlen, DPS_E_NOT_FOUND,
			"adapter %s: cannot probe device '%s': %s", a->name, a->cfg.device,
			rte_strerror(-rc));
	a->probed = 1;
	if (rte_eth_dev_get_port_by_name(name, &port) != 0) {
		/* a PCI device is named by its address in canonical form */
		RTE_ETH_FOREACH_DEV(port)
		{
			struct rte_eth_dev_info info;

			if (rte_eth_dev_info_get(port, &info) == 0 && info.device != NULL &&
				strstr(rte_dev_name(info.device), name) != NULL &&
				dps_adapter_by_port(port) == NULL)
				break;
		}
		if (port >= RTE_MAX_ETHPORTS)
			return set_err(err, errlen, DPS_E_NOT_FOUND,
				"adapter %s: device '%s' probed but no ethdev port found", a->name,
				a->cfg.device);
	}
	a->port_id = port;
	return DPS_OK;
}

/*
 * net_tap gives its kernel interface the port's own MAC (it is meant as an
 * exception path). dpstack uses the kernel as a peer instead, and a peer
 * with the stack's own MAC would see every frame as its own: give the
 * kernel side a different, locally administered MAC derived from ours.
 */
static void
tap_peer_mac(struct dps_adapter *a, unsigned int if_index)
{
	char ifname[IF_NAMESIZE];
	struct ifreq ifr;
	struct rte_ether_addr peer = a->mac;
	int fd;

	if (if_index == 0 || if_indextoname(if_index, ifname) == NULL)
		return;
	peer.addr_bytes[0] = (uint8_t)((peer.addr_bytes[0] | 0x02) & ~0x01);
	peer.addr_bytes[5] ^= 0x01;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 &&
		memcmp(ifr.ifr_hwaddr.sa_data, a->mac.addr_bytes, RTE_ETHER_ADDR_LEN) == 0) {
		memcpy(ifr.ifr_hwaddr.sa_data, peer.addr_bytes, RTE_ETHER_ADDR_LEN);
		if (ioctl(fd, SIOCSIFHWADDR, &ifr) == 0)
			DPS_LOG(INFO, adapter,
				"%s: kernel interface %s gets MAC " RTE_ETHER_ADDR_PRT_FMT
				" to be the stack's peer",
				a->name, ifname, RTE_ETHER_ADDR_BYTES(&peer));
		else
			DPS_LOG(WARNING, adapter, "%s: cannot change the MAC of %s: %s", a->name,
				ifname, strerror(errno));
	}
	close(fd);
}

/* Configure the port's queues (RSS when several rx queues), MTU and rings. */
static int
port_setup(struct dps_adapter *a, const struct rte_eth_dev_info *di, char *err, size_t errlen)
{
	const struct rte_eth_dev_info info = *di;
	struct rte_eth_conf conf;
	uint16_t nb_rxd, nb_txd, mtu = a->mtu ? a->mtu : a->cfg.mtu;
	int rc;

	memset(&conf, 0, sizeof(conf));
	if (a->nb_rxq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) &
			info.flow_type_rss_offloads;
		if (conf.rx_adv_conf.rss_conf.rss_hf == 0) {
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
			DPS_LOG(INFO, adapter,
				"%s: %u rx queues, no RSS (the device hashes nothing)", a->name,
				a->nb_rxq);
		} else {
			DPS_LOG(INFO, adapter,
				"%s: RSS over %u rx queues, hash functions 0x%" PRIx64, a->name,
				a->nb_rxq, conf.rx_adv_conf.rss_conf.rss_hf);
		}
	}
	if (*info.dev_flags & RTE_ETH_DEV_INTR_LSC)
		conf.intr_conf.lsc = 1;
	if (*info.dev_flags & RTE_ETH_DEV_INTR_RMV)
		conf.intr_conf.rmv = 1;
	/* no MBUF_FAST_FREE: frames may be shared (refcnt > 1) */
	/* where the device checks IPv4/UDP/TCP checksums, let it: receive paths
	 * trust RTE_MBUF_F_RX_*_CKSUM_GOOD/BAD and check in software otherwise */
	conf.rxmode.offloads = info.rx_offload_capa &
			       (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
				       RTE_ETH_RX_OFFLOAD_TCP_CKSUM);
	/* the one checksum a reply sums from scratch (UDP echo of a datagram
	 * without one): the port's where it has it; the others are updated in
	 * place (RFC 1624), and more tx offloads would cost some PMDs their
	 * vector tx paths. Tags of virtual adapters' frames: inserted by the
	 * port where it can, and only on a port the configuration puts virtual
	 * adapters on (only frames flagged RTE_MBUF_F_TX_VLAN get one); receive
	 * keeps tags in the frame (no VLAN_STRIP): dispatch classifies by them */
	conf.txmode.offloads = info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	if (a->cfg.nb_virtuals > 0)
		conf.txmode.offloads |= info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_VLAN_INSERT;

	rc = dps_fault(DPS_FAULT_ETH_CONFIGURE)
		     ? -EIO
		     : rte_eth_dev_configure(a->port_id, a->nb_rxq, a->nb_txq, &conf);
	if (rc != 0)
		return set_err(err, errlen, dps_status_from_errno(rc),
			"adapter %s: rte_eth_dev_configure: %s", a->name, rte_strerror(-rc));

	if (mtu != 0) {
		rc = dps_fault(DPS_FAULT_ETH_MTU) ? -EIO : rte_eth_dev_set_mtu(a->port_id, mtu);
		if (rc == -ENOTSUP)
			DPS_LOG(WARNING, adapter, "%s: device cannot set MTU; keeping its own",
				a->name);
		else if (rc != 0)
			return set_err(err, errlen, dps_status_from_errno(rc),
				"adapter %s: mtu = %u refused by the device: %s", a->name, mtu,
				rte_strerror(-rc));
	}

	nb_rxd = a->cfg.rx_ring;
	nb_txd = a->cfg.tx_ring;
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(a->port_id, &nb_rxd, &nb_txd);
	if (rc != 0)
		return set_err(err, errlen, dps_status_from_errno(rc), "adapter %s: ring sizes: %s",
			a->name, rte_strerror(-rc));
	for (uint16_t q = 0; q < a->nb_rxq; q++) {
		rc = rte_eth_rx_queue_setup(a->port_id, q, nb_rxd,
			(unsigned int)rte_eth_dev_socket_id(a->port_id), NULL, a->pool);
		if (rc != 0)
			return set_err(err, errlen, dps_status_from_errno(rc),
				"adapter %s: rx queue %u: %s", a->name, q, rte_strerror(-rc));
	}
	for (uint16_t q = 0; q < a->nb_txq; q++) {
		rc = rte_eth_tx_queue_setup(a->port_id, q, nb_txd, rte_socket_id(), NULL);
		if (rc != 0)
			return set_err(err, errlen, dps_status_from_errno(rc),
				"adapter %s: tx queue %u: %s", a->name, q, rte_strerror(-rc));
	}

	a->rss_hf = conf.rx_adv_conf.rss_conf.rss_hf;
	a->tx_offloads = conf.txmode.offloads;
	return DPS_OK;
}

static int
configure(struct dps_adapter *a, const unsigned int *workers, unsigned int nb_workers, char *err,
	size_t errlen)
{
	struct rte_eth_dev_info info;
	int rc;

	rc = rte_eth_dev_info_get(a->port_id, &info);
	if (rc != 0)
		return set_err(err, errlen, dps_status_from_errno(rc),
			"adapter %s: cannot read device info: %s", a->name, rte_strerror(-rc));
	a->nb_rxq = a->cfg.rx_queues;
	a->nb_txq = a->cfg.tx_queues ? a->cfg.tx_queues : (uint16_t)(nb_workers + 1);
	if (a->cfg.tx_queues == 0 && a->nb_txq > info.max_tx_queues && info.max_tx_queues > 0) {
		/* fewer queues than senders: the others hand their frames over */
		DPS_LOG(INFO, adapter,
			"%s: %s offers %u tx queue(s) for %u senders: the others "
			"hand their frames to the queues' owners",
			a->name, info.driver_name, info.max_tx_queues, nb_workers + 1);
		a->nb_txq = info.max_tx_queues;
	}
	/* queue pairs: net_tap wants as many rx as tx queues (the kernel spreads
	 * flows over every pair); net_ring (made by a --vdev or device string)
	 * loops tx queue i into rx queue i, so a tx queue without its rx queue
	 * would keep what is sent on it. Configure and poll that many rx queues. */
	if (paired_queues(info.driver_name) && a->nb_rxq < a->nb_txq) {
		DPS_LOG(INFO, adapter, "%s: %s pairs rx with tx queues: %u rx queues, not %u",
			a->name, info.driver_name, a->nb_txq, a->nb_rxq);
		a->nb_rxq = a->nb_txq;
	} else if (paired_queues(info.driver_name) && a->nb_txq < a->nb_rxq) {
		/* and the other way: rx_queues = 4 with 3 senders needs 4 tx queues */
		DPS_LOG(INFO, adapter, "%s: %s pairs tx with rx queues: %u tx queues, not %u",
			a->name, info.driver_name, a->nb_rxq, a->nb_txq);
		a->nb_txq = a->nb_rxq;
	}
	if (a->nb_rxq > info.max_rx_queues)
		return set_err(err, errlen, DPS_E_NOT_SUPPORTED,
			"adapter %s: rx_queues = %u but device %s offers %u", a->name, a->nb_rxq,
			info.driver_name, info.max_rx_queues);
	if (a->nb_txq > info.max_tx_queues)
		return set_err(err, errlen, DPS_E_NOT_SUPPORTED,
			"adapter %s: %u tx queues needed but device %s offers %u", a->name,
			a->nb_txq, info.driver_name, info.max_tx_queues);

	rc = port_setup(a, &info, err, errlen);
	if (rc != DPS_OK)
		return rc;

	/* tx queue i for worker i, the last one for the control thread; a
	 * sender beyond the device's queues hands over to queue (i mod n) */
	for (unsigned int i = 0; i < nb_workers; i++) {
		struct dps_txbuf *tb =
			dps_fault(DPS_FAULT_MALLOC)
				? NULL
				: rte_zmalloc("dps_txbuf", sizeof(*tb), RTE_CACHE_LINE_SIZE);

		if (tb == NULL)
			return set_err(err, errlen, DPS_E_RESOURCES,
				"adapter %s: no memory for tx buffers", a->name);
		if (i < a->nb_txq) {
			tb->queue = (uint16_t)i;
		} else {
			tb->queue = DPS_TXQ_HANDOFF;
			tb->target = (uint16_t)(i % a->nb_txq);
		}
		a->txbuf[workers[i]] = tb;
	}
	a->ctrl_txq = nb_workers < a->nb_txq ? (uint16_t)nb_workers : DPS_TXQ_HANDOFF;
	if (nb_workers + 1 > a->nb_txq) {
		for (uint16_t q = 0; q < a->nb_txq && q < nb_workers; q++) {
			char name[RTE_RING_NAMESIZE];

			snprintf(name, sizeof(name), "dps_ho_%u_%u", a->port_id, q);
			a->handoff[q] = rte_ring_create(
				name, DPS_HANDOFF_RING, SOCKET_ID_ANY, RING_F_SC_DEQ);
			if (a->handoff[q] == NULL)
				return set_err(err, errlen, DPS_E_RESOURCES,
					"adapter %s: no memory for a hand-off ring", a->name);
		}
	}

	rc = rte_eth_macaddr_get(a->port_id, &a->mac);
	if (rc != 0)
		return set_err(err, errlen, dps_status_from_errno(rc),
			"adapter %s: cannot read MAC: %s", a->name, rte_strerror(-rc));
	if (strcmp(info.driver_name, "net_tap") == 0)
		a->tap_if_index = info.if_index;
	snprintf(a->driver, sizeof(a->driver), "%s", info.driver_name);
	a->perm_mac = a->mac;
	a->min_mtu = info.min_mtu;
	a->max_mtu = device_max_mtu(&info);
	a->max_rx_queues = info.max_rx_queues;
	a->reta_size = info.reta_size;
	a->hash_key_size = info.hash_key_size;
	a->rss_offloads = info.flow_type_rss_offloads;
	atomic_store(&a->admin_up, 1);
	if (rte_eth_dev_get_mtu(a->port_id, &a->mtu) != 0)
		a->mtu = a->cfg.mtu ? a->cfg.mtu : RTE_ETHER_MTU;
	return DPS_OK;
}

static void virtual_mac_on(struct dps_adapter *a);
static void virtual_mac_off(struct dps_adapter *a);

/* A virtual adapter goes: its MAC off the lower port, its reference on it dropped. */
static void
virtual_cleanup(struct dps_adapter *a)
{
	struct dps_adapter *lo = a->lower;

	virtual_mac_off(a);
	lo->nb_virtuals--;
	DPS_LOG(INFO, adapter, "%s: virtual adapter (VLAN %u over %s) removed", a->name,
		a->vlan_tci, lo->name);
	dps_object_unref(lo->obj, DPS_TAG("VLan"));
}

static void
adapter_cleanup(struct dps_object *obj)
{
	struct dps_adapter *a = NULL;

	TAILQ_FOREACH(a, &adapters, next)
	if (a->obj == obj)
		break;
	if (a == NULL)
		return;
	TAILQ_REMOVE(&adapters, a, next);
	nb_adapters--;
	/* a filter module still attached (removals detach them first, with
	 * dps_filter_detach_all): no worker runs now */
	free(atomic_exchange(&a->filters, NULL));
	if (dps_adapter_is_virtual(a)) {
		virtual_cleanup(a);
		return;
	}
	if (a->started)
		dps_adapter_stop(a);
	if (a->port_id < RTE_MAX_ETHPORTS && rte_eth_dev_is_valid_port(a->port_id)) {
		struct rte_eth_dev_info info;
		char devname[RTE_DEV_NAME_MAX_LEN] = "";

		if (a->probed && rte_eth_dev_info_get(a->port_id, &info) == 0 &&
			info.device != NULL)
			snprintf(devname, sizeof(devname), "%s", rte_dev_name(info.device));
		rte_eth_dev_close(a->port_id);
		if (a->probed && devname[0] != '\0') {
			const char *bus = strncmp(devname, "net_", 4) == 0 ? "vdev" : "pci";
			int rc = rte_eal_hotplug_remove(bus, devname);

			if (rc != 0)
				DPS_LOG(WARNING, adapter, "%s: detaching %s: %s", a->name, devname,
					rte_strerror(-rc));
		}
	}
	for (unsigned int l = 0; l < RTE_MAX_LCORE; l++) {
		rte_free(a->txbuf[l]);
		a->txbuf[l] = NULL;
	}
	for (unsigned int q = 0; q < RTE_MAX_QUEUES_PER_PORT; q++) {
		void *m;

		if (a->handoff[q] == NULL)
			continue;
		/* frames handed over that no worker sent any more */
		while (rte_ring_sc_dequeue(a->handoff[q], &m) == 0)
			rte_pktmbuf_free(m);
		rte_ring_free(a->handoff[q]);
		a->handoff[q] = NULL;
	}
}

static DPS_CONTEXT_TYPE(adapter_ctx, struct dps_adapter, NULL);

struct adapter_init_arg {
	const struct dps_config_adapter *cfg;
	struct rte_mempool *pool;
	struct dps_object *obj;
};

static int
adapter_ctx_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct adapter_init_arg *ia = arg;
	struct dps_adapter *a = ctx;

	RTE_SET_USED(obj);
	a->obj = ia->obj;
	a->cfg = *ia->cfg;
	snprintf(a->name, sizeof(a->name), "%s", ia->cfg->name);
	a->pool = ia->pool;
	a->port_id = RTE_MAX_ETHPORTS;
	rte_spinlock_init(&a->ctrl_tx_lock);
	atomic_init(&a->link_up, 0);
	atomic_init(&a->link_speed, 0);
	atomic_init(&a->dispatch, NULL);
	return DPS_OK;
}

int
dps_adapter_create(struct dps_object *stack, const struct dps_config_adapter *cfg,
	struct rte_mempool *pool, const unsigned int *workers, unsigned int nb_workers,
	struct dps_adapter **out, char *err, size_t errlen)
{
	static const struct dps_context_type *const ctxs[] = {&adapter_ctx, NULL};
	struct dps_object_attr attr = {
		.type = "adapter",
		.cleanup = adapter_cleanup,
		.contexts = ctxs,
	};
	struct adapter_init_arg ia = {cfg, pool, NULL};
	struct dps_adapter *a;
	struct dps_object *obj;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (stack == NULL || cfg == NULL || pool == NULL || workers == NULL || nb_workers == 0 ||
		out == NULL)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "adapter: bad arguments");
	if (dps_adapter_find(cfg->name) != NULL)
		return set_err(err, errlen, DPS_E_EXISTS, "adapter %s exists already", cfg->name);
	attr.name = cfg->name;
	rc = dps_object_create(&attr, stack, &obj);
	if (rc != DPS_OK)
		return set_err(err, errlen, rc, "adapter %s: %s", cfg->name, dps_status_str(rc));
	ia.obj = obj;
	rc = dps_object_context_init(obj, &adapter_ctx, adapter_ctx_init, &ia);
	if (rc != DPS_OK) {
		dps_object_delete(obj);
		return set_err(err, errlen, rc, "adapter %s: %s", cfg->name, dps_status_str(rc));
	}
	dps_object_context(obj, &adapter_ctx, (void **)&a);
	a->resources_free_min = 0;
	TAILQ_INSERT_TAIL(&adapters, a, next);
	nb_adapters++;

	rc = find_or_probe(a, err, errlen);
	if (rc == DPS_OK)
		rc = configure(a, workers, nb_workers, err, errlen);
	if (rc != DPS_OK) {
		dps_object_delete(obj);
		return rc;
	}
	DPS_LOG(INFO, adapter, "%s: port %u (%s), %u rx / %u tx queues, rings %u/%u, mtu %u",
		a->name, a->port_id, a->cfg.device, a->nb_rxq, a->nb_txq, a->cfg.rx_ring,
		a->cfg.tx_ring, a->mtu);
	*out = a;
	return DPS_OK;
}

int
dps_adapter_create_virtual(struct dps_object *stack, const struct dps_config_adapter *cfg,
	struct dps_adapter *lower, struct dps_adapter **out, char *err, size_t errlen)
{
	static const struct dps_context_type *const ctxs[] = {&adapter_ctx, NULL};
	struct dps_object_attr attr = {
		.type = "adapter",
		.cleanup = adapter_cleanup,
		.contexts = ctxs,
	};
	struct adapter_init_arg ia = {cfg, NULL, NULL};
	struct rte_ether_addr mac;
	struct dps_adapter *a, *v;
	struct dps_object *obj;
	uint16_t mtu;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (stack == NULL || cfg == NULL || lower == NULL || out == NULL)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER, "adapter: bad arguments");
	if (dps_adapter_is_virtual(lower))
		return set_err(err, errlen, DPS_E_NOT_SUPPORTED,
			"adapter %s: lower adapter %s is virtual itself", cfg->name, lower->name);
	if (dps_object_is_deleted(lower->obj))
		return set_err(err, errlen, DPS_E_ADAPTER_REMOVED,
			"adapter %s: lower adapter %s is going away", cfg->name, lower->name);
	if (cfg->vlan < 1 || cfg->vlan > 4094)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER,
			"adapter %s: vlan %u is not 1..4094", cfg->name, cfg->vlan);
	if (dps_adapter_find(cfg->name) != NULL)
		return set_err(err, errlen, DPS_E_EXISTS, "adapter %s exists already", cfg->name);
	TAILQ_FOREACH(v, &adapters, next)
	if (v->lower == lower && v->vlan_tci == cfg->vlan)
		return set_err(err, errlen, DPS_E_EXISTS, "adapter %s: VLAN %u on %s is %s already",
			cfg->name, cfg->vlan, lower->name, v->name);
	if (cfg->mac_set) {
		memcpy(mac.addr_bytes, cfg->mac, RTE_ETHER_ADDR_LEN);
		if (!rte_is_valid_assigned_ether_addr(&mac) ||
			!(mac.addr_bytes[0] & RTE_ETHER_LOCAL_ADMIN_ADDR))
			return set_err(err, errlen, DPS_E_INVALID_PARAMETER,
				"adapter %s: MAC " RTE_ETHER_ADDR_PRT_FMT
				" is not a locally administered unicast address",
				cfg->name, RTE_ETHER_ADDR_BYTES(&mac));
	} else {
		mac = lower->mac;
	}
	mtu = cfg->mtu_given && cfg->mtu != 0 ? cfg->mtu : lower->mtu;
	if (mtu > lower->mtu || mtu < RTE_ETHER_MIN_MTU)
		return set_err(err, errlen, DPS_E_INVALID_PARAMETER,
			"adapter %s: mtu %u is not %u..%u (the mtu of %s)", cfg->name, mtu,
			RTE_ETHER_MIN_MTU, lower->mtu, lower->name);

	attr.name = cfg->name;
	rc = dps_object_create(&attr, stack, &obj);
	if (rc != DPS_OK)
		return set_err(err, errlen, rc, "adapter %s: %s", cfg->name, dps_status_str(rc));
	ia.obj = obj;
	ia.pool = lower->pool;
	rc = dps_object_context_init(obj, &adapter_ctx, adapter_ctx_init, &ia);
	if (rc == DPS_OK)
		rc = dps_object_ref(lower->obj, DPS_TAG("VLan"));
	if (rc != DPS_OK) {
		dps_object_delete(obj);
		return set_err(err, errlen, rc, "adapter %s: %s", cfg->name, dps_status_str(rc));
	}
	dps_object_context(obj, &adapter_ctx, (void **)&a);
	/* what enumeration and telemetry show as its device */
	snprintf(a->cfg.device, sizeof(a->cfg.device), "vlan %u on %s", cfg->vlan, lower->name);
	a->lower = lower;
	a->vlan_tci = cfg->vlan;
	a->tx_vlan_hw = (lower->tx_offloads & RTE_ETH_TX_OFFLOAD_VLAN_INSERT) != 0;
	a->mac = mac;
	a->perm_mac = mac;
	a->mtu = mtu;
	a->min_mtu = RTE_ETHER_MIN_MTU;
	a->max_mtu = lower->mtu;
	a->resources_free_min = lower->resources_free_min;
	snprintf(a->driver, sizeof(a->driver), "vlan");
	atomic_store(&a->admin_up, 1);
	atomic_store(&a->link_up, atomic_load(&lower->link_up));
	atomic_store(&a->link_speed, atomic_load(&lower->link_speed));
	lower->nb_virtuals++;
	TAILQ_INSERT_TAIL(&adapters, a, next);
	nb_adapters++;
	virtual_mac_on(a);
	DPS_LOG(INFO, adapter,
		"%s: virtual adapter, VLAN %u over %s, mac " RTE_ETHER_ADDR_PRT_FMT
		", mtu %u, tag insert %s",
		a->name, a->vlan_tci, lower->name, RTE_ETHER_ADDR_BYTES(&a->mac), a->mtu,
		a->tx_vlan_hw ? "by the port" : "in software");
	*out = a;
	return DPS_OK;
}

int
dps_adapter_start(struct dps_adapter *a)
{
	int rc;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (a->started || dps_adapter_is_virtual(a))
		return DPS_OK;
	rc = rte_eth_dev_start(a->port_id);
	if (rc != 0) {
		DPS_LOG(ERR, adapter, "%s: start failed: %s", a->name, rte_strerror(-rc));
		return dps_status_from_errno(rc);
	}
	a->started = 1;
	/* after start: rte_eth_dev_start restores the port MAC onto the tap */
	tap_peer_mac(a, a->tap_if_index);
	dps_adapter_link_update(a);
	return DPS_OK;
}

int
dps_adapter_stop(struct dps_adapter *a)
{
	int rc;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (!a->started)
		return DPS_OK;
	rc = rte_eth_dev_stop(a->port_id);
	a->started = 0;
	return rc == 0 ? DPS_OK : dps_status_from_errno(rc);
}

int
dps_adapter_close(struct dps_adapter *a)
{
	struct dps_adapter *v, *tmp;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	/* the MUX rule: the virtual adapters over it go first (the mux removes
	 * them before its lower binding closes; this is the backstop) */
	if (!dps_adapter_is_virtual(a) && a->nb_virtuals > 0)
		RTE_TAILQ_FOREACH_SAFE(v, &adapters, next, tmp)
	if (v->lower == a)
		dps_object_delete(v->obj);
	return dps_object_delete(a->obj);
}

int
dps_adapter_set_mtu(struct dps_adapter *a, uint16_t mtu)
{
	int rc;

	if (a == NULL || mtu < RTE_ETHER_MIN_MTU || (a->max_mtu != 0 && mtu > a->max_mtu) ||
		mtu < a->min_mtu)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a)) {
		if (mtu > a->lower->mtu)
			return DPS_E_INVALID_PARAMETER; /* its frames leave through the lower */
		a->mtu = mtu;
		DPS_LOG(INFO, adapter, "%s: MTU %u", a->name, mtu);
		return DPS_OK;
	}
	if (a->pool != NULL &&
		(unsigned int)mtu + RTE_ETHER_HDR_LEN + 8 + RTE_ETHER_CRC_LEN >
			(unsigned int)rte_pktmbuf_data_room_size(a->pool) - RTE_PKTMBUF_HEADROOM)
		return DPS_E_INVALID_PARAMETER; /* frames would not fit one mbuf */
	rc = dps_fault(DPS_FAULT_ETH_MTU) ? -EIO : rte_eth_dev_set_mtu(a->port_id, mtu);
	if (rc != 0) {
		DPS_LOG(WARNING, adapter, "%s: set MTU %u: %s", a->name, mtu, rte_strerror(-rc));
		return dps_status_from_errno(rc);
	}
	a->mtu = mtu;
	DPS_LOG(INFO, adapter, "%s: MTU %u", a->name, mtu);
	return DPS_OK;
}

/*
 * A virtual adapter's MAC on its lower port: the port's own needs nothing;
 * another goes into the port's unicast filters, or the port goes
 * promiscuous where it has no room for it (counted in mux_promisc).
 */
static void
virtual_mac_on(struct dps_adapter *a)
{
	struct dps_adapter *lo = a->lower;

	a->mac_added = 0;
	if (rte_is_same_ether_addr(&a->mac, &lo->mac))
		return;
	if (lo->port_id < RTE_MAX_ETHPORTS &&
		rte_eth_dev_mac_addr_add(lo->port_id, &a->mac, 0) == 0) {
		a->mac_added = 1;
		return;
	}
	if (lo->mux_promisc++ == 0 && lo->port_id < RTE_MAX_ETHPORTS) {
		int rc = rte_eth_promiscuous_enable(lo->port_id);

		DPS_LOG(INFO, adapter,
			"%s: port %s has no unicast filter for MAC " RTE_ETHER_ADDR_PRT_FMT
			": promiscuous%s",
			a->name, lo->name, RTE_ETHER_ADDR_BYTES(&a->mac),
			rc == 0 ? "" : " refused (the software filter applies)");
	}
}

static void
virtual_mac_off(struct dps_adapter *a)
{
	struct dps_adapter *lo = a->lower;

	if (a->mac_added)
		rte_eth_dev_mac_addr_remove(lo->port_id, &a->mac);
	else if (!rte_is_same_ether_addr(&a->mac, &lo->mac) && lo->mux_promisc > 0 &&
		 --lo->mux_promisc == 0 && !(lo->port_filter & DPS_FILTER_PROMISCUOUS))
		rte_eth_promiscuous_disable(lo->port_id);
	a->mac_added = 0;
}

static int
virtual_set_mac(struct dps_adapter *a, const struct rte_ether_addr *mac)
{
	if (!(mac->addr_bytes[0] & RTE_ETHER_LOCAL_ADMIN_ADDR) &&
		!rte_is_same_ether_addr(mac, &a->lower->mac))
		return DPS_E_INVALID_PARAMETER; /* locally administered, or the lower's */
	virtual_mac_off(a);
	a->mac = *mac;
	virtual_mac_on(a);
	DPS_LOG(INFO, adapter, "%s: MAC " RTE_ETHER_ADDR_PRT_FMT, a->name,
		RTE_ETHER_ADDR_BYTES(mac));
	return DPS_OK;
}

int
dps_adapter_set_mac(struct dps_adapter *a, const struct rte_ether_addr *mac)
{
	int rc;

	if (a == NULL || mac == NULL || !rte_is_valid_assigned_ether_addr(mac))
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a))
		return virtual_set_mac(a, mac);
	rc = dps_fault(DPS_FAULT_ETH_MAC) ? -EIO
					  : rte_eth_dev_default_mac_addr_set(a->port_id,
						    (struct rte_ether_addr *)(uintptr_t)mac);
	if (rc != 0)
		return dps_status_from_errno(rc);
	a->mac = *mac;
	tap_peer_mac(a, a->tap_if_index);
	DPS_LOG(INFO, adapter, "%s: MAC " RTE_ETHER_ADDR_PRT_FMT, a->name,
		RTE_ETHER_ADDR_BYTES(mac));
	return DPS_OK;
}

int
dps_adapter_set_rx_queues(struct dps_adapter *a, uint16_t n)
{
	struct rte_eth_dev_info info;
	char err[256];
	int rc, was_started;

	if (a == NULL || n == 0)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED; /* no queues of its own */
	rc = rte_eth_dev_info_get(a->port_id, &info);
	if (rc != 0)
		return dps_status_from_errno(rc);
	if (n > info.max_rx_queues || n > RTE_MAX_QUEUES_PER_PORT)
		return DPS_E_INVALID_PARAMETER;
	if (paired_queues(info.driver_name) && n != a->nb_txq)
		return DPS_E_NOT_SUPPORTED; /* as many rx as tx queues */
	was_started = a->started;
	rc = dps_adapter_stop(a);
	if (rc != DPS_OK)
		return rc;
	a->nb_rxq = n;
	rc = port_setup(a, &info, err, sizeof(err));
	if (rc != DPS_OK)
		DPS_LOG(ERR, adapter, "%s", err);
	if (was_started && dps_adapter_start(a) != DPS_OK && rc == DPS_OK)
		rc = DPS_E_IO;
	if (rc == DPS_OK)
		DPS_LOG(INFO, adapter, "%s: %u rx queues", a->name, n);
	return rc;
}

int
dps_adapter_set_admin(struct dps_adapter *a, int up)
{
	int rc;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED; /* its link is its lower adapter's */
	rc = up ? rte_eth_dev_set_link_up(a->port_id) : rte_eth_dev_set_link_down(a->port_id);
	if (rc != 0)
		return dps_status_from_errno(rc);
	atomic_store(&a->admin_up, up ? 1 : 0);
	return DPS_OK;
}

int
dps_adapter_link_update(struct dps_adapter *a)
{
	struct rte_eth_link link;
	int rc, was_up, was_speed;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a)) {
		memset(&link, 0, sizeof(link));
		link.link_status = atomic_load(&a->lower->link_up) ? 1 : 0;
		link.link_speed = atomic_load(&a->lower->link_speed);
	} else {
		rc = rte_eth_link_get_nowait(a->port_id, &link);
		if (rc != 0)
			return dps_status_from_errno(rc);
	}
	was_up = atomic_exchange(&a->link_up, link.link_status ? 1 : 0);
	was_speed = (int)atomic_exchange(&a->link_speed, link.link_speed);
	return (was_up != (link.link_status ? 1 : 0) || (unsigned int)was_speed != link.link_speed)
		       ? 1
		       : 0;
}

struct dps_adapter *
dps_adapter_find(const char *name)
{
	struct dps_adapter *a;

	if (name == NULL)
		return NULL;
	TAILQ_FOREACH(a, &adapters, next)
	if (strcmp(a->name, name) == 0)
		return a;
	return NULL;
}

struct dps_adapter *
dps_adapter_by_port(uint16_t port_id)
{
	struct dps_adapter *a;

	TAILQ_FOREACH(a, &adapters, next)
	if (a->port_id == port_id)
		return a;
	return NULL;
}

int
dps_adapter_foreach(int (*cb)(struct dps_adapter *a, void *arg), void *arg)
{
	struct dps_adapter *a, *tmp;
	int rc;

	if (cb == NULL)
		return DPS_E_INVALID_PARAMETER;
	RTE_TAILQ_FOREACH_SAFE(a, &adapters, next, tmp)
	{
		rc = cb(a, arg);
		if (rc != 0)
			return rc;
	}
	return DPS_OK;
}

unsigned int
dps_adapter_count(void)
{
	return nb_adapters;
}

void
dps_adapter_stats(const struct dps_adapter *a, struct dps_adapter_lcore_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	if (a == NULL)
		return;
	for (unsigned int l = 0; l <= RTE_MAX_LCORE; l++) {
		const struct dps_adapter_lcore_stats *s = &a->stats[l];

		sum->rx += __atomic_load_n(&s->rx, __ATOMIC_RELAXED);
		sum->tx += __atomic_load_n(&s->tx, __ATOMIC_RELAXED);
		sum->tx_dropped += __atomic_load_n(&s->tx_dropped, __ATOMIC_RELAXED);
		sum->rx_runt += __atomic_load_n(&s->rx_runt, __ATOMIC_RELAXED);
		sum->rx_vlan_truncated += __atomic_load_n(&s->rx_vlan_truncated, __ATOMIC_RELAXED);
		sum->rx_too_many_vlans += __atomic_load_n(&s->rx_too_many_vlans, __ATOMIC_RELAXED);
		sum->rx_unclaimed += __atomic_load_n(&s->rx_unclaimed, __ATOMIC_RELAXED);
		sum->rx_filtered += __atomic_load_n(&s->rx_filtered, __ATOMIC_RELAXED);
	}
}
