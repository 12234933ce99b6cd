PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created INTEGER NOT NULL
);
INSERT INTO accounts VALUES(1,'fixture',1796576549);
INSERT INTO accounts VALUES(2,'gen',1796576549);
CREATE TABLE collectors (
	id INTEGER PRIMARY KEY,
	fingerprint TEXT NOT NULL,
	public_key TEXT NOT NULL,
	comment TEXT,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	added INTEGER NOT NULL,
	removed INTEGER, name TEXT,
	CHECK (removed IS NULL OR removed >= added)
);
INSERT INTO collectors VALUES(1,'x28z-frwf-s0z2-hn74','fleetaudit-collector-v1 ed25519:fs1/v1zz5hxfqiWb+wh5fpnGBWNr0NUSEtzAuSZJ2os= collector@vm','collector@vm',1,1796576549,NULL,NULL);
INSERT INTO collectors VALUES(2,'tqrp-5zfn-0dfm-kwhv','fleetaudit-collector-v1 ed25519:3ULQmeHwvte6KIAcLpnF00yg5VdUVydKtgqUJb/8EcQ= collector@vm','collector@vm',2,1796576549,NULL,NULL);
CREATE TABLE sites (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	fingerprint TEXT NOT NULL,
	public_key TEXT NOT NULL,
	first_import INTEGER NOT NULL,
	last_import INTEGER NOT NULL,
	last_sequence INTEGER NOT NULL,
	UNIQUE (fingerprint, account_id)
);
INSERT INTO sites VALUES(1,2,'tqrp-5zfn-0dfm-kwhv','fleetaudit-collector-v1 ed25519:3ULQmeHwvte6KIAcLpnF00yg5VdUVydKtgqUJb/8EcQ= collector@vm',1796576549,1796576549,2);
INSERT INTO sites VALUES(2,1,'x28z-frwf-s0z2-hn74','fleetaudit-collector-v1 ed25519:fs1/v1zz5hxfqiWb+wh5fpnGBWNr0NUSEtzAuSZJ2os= collector@vm',1796576549,1796576549,1);
CREATE TABLE bundles (
	id INTEGER PRIMARY KEY,
	bundle_id TEXT NOT NULL UNIQUE,
	site_id INTEGER NOT NULL REFERENCES sites (id),
	sequence INTEGER NOT NULL,
	hash TEXT NOT NULL,
	created INTEGER NOT NULL,
	imported INTEGER NOT NULL,
	after_scan INTEGER NOT NULL,
	upto_scan INTEGER NOT NULL,
	records INTEGER NOT NULL,
	manifest TEXT NOT NULL,
	UNIQUE (site_id, sequence)
);
INSERT INTO bundles VALUES(1,'cd2931f297a010a7616ecedf1c573c39',1,1,'9354407415168cbaccbd5f591c318c68d0929b19d4d484fcc1c0729ea5c327b4',1796576549,1796576549,0,18,160,replace('{\n  "format": "fleetaudit-bundle",\n  "version": 1,\n  "bundle_id": "cd2931f297a010a7616ecedf1c573c39",\n  "created": "2026-12-06T17:02:29Z",\n  "sequence": 1,\n  "collector": {\n    "fingerprint": "tqrp-5zfn-0dfm-kwhv",\n    "public_key": "ed25519:3ULQmeHwvte6KIAcLpnF00yg5VdUVydKtgqUJb/8EcQ="\n  },\n  "hub": {\n    "fingerprint": "y69t-m13e-r8gw-1vta"\n  },\n  "period": {\n    "from": "2026-12-06T17:02:29Z",\n    "to": "2026-12-06T17:02:29Z",\n    "after_scan": 0,\n    "upto_scan": 18\n  },\n  "devices": 6,\n  "records": {\n    "devices": 6,\n    "scans": 18,\n    "meters": 54,\n    "supplies": 24,\n    "trays": 21,\n    "alerts": 3,\n    "meter_checks": 0,\n    "status_errors": 0,\n    "display": 10,\n    "meter_flags": 0,\n    "supply_instances": 24,\n    "seen": 0\n  },\n  "masking": [\n  ],\n  "payload": {\n    "archive": "tar+gzip",\n    "encryption": "x25519-sealed-key+xchacha20poly1305-secretstream",\n    "chunk": 65536,\n    "size": 3171,\n    "blake2b_256": "9354407415168cbaccbd5f591c318c68d0929b19d4d484fcc1c0729ea5c327b4"\n  }\n}\n','\n',char(10)));
INSERT INTO bundles VALUES(2,'e5d753623259b648bb6527b85e3de44f',1,2,'fa2dd6c9db56d3975948af15fcc78c29c16390166dbdd73ed0aeb1a181afe5c3',1796576549,1796576549,18,36,174,replace('{\n  "format": "fleetaudit-bundle",\n  "version": 1,\n  "bundle_id": "e5d753623259b648bb6527b85e3de44f",\n  "created": "2026-12-06T17:02:29Z",\n  "sequence": 2,\n  "collector": {\n    "fingerprint": "tqrp-5zfn-0dfm-kwhv",\n    "public_key": "ed25519:3ULQmeHwvte6KIAcLpnF00yg5VdUVydKtgqUJb/8EcQ="\n  },\n  "hub": {\n    "fingerprint": "y69t-m13e-r8gw-1vta"\n  },\n  "period": {\n    "from": "2026-12-06T17:02:29Z",\n    "to": "2026-12-06T17:02:29Z",\n    "after_scan": 18,\n    "upto_scan": 36\n  },\n  "devices": 6,\n  "records": {\n    "devices": 6,\n    "scans": 18,\n    "meters": 54,\n    "supplies": 18,\n    "trays": 15,\n    "alerts": 3,\n    "meter_checks": 0,\n    "status_errors": 0,\n    "display": 6,\n    "meter_flags": 0,\n    "supply_instances": 24,\n    "seen": 30\n  },\n  "masking": [\n  ],\n  "payload": {\n    "archive": "tar+gzip",\n    "encryption": "x25519-sealed-key+xchacha20poly1305-secretstream",\n    "chunk": 65536,\n    "size": 3228,\n    "blake2b_256": "fa2dd6c9db56d3975948af15fcc78c29c16390166dbdd73ed0aeb1a181afe5c3"\n  }\n}\n','\n',char(10)));
INSERT INTO bundles VALUES(3,'7d9987dd9658cdcc8a78ee74c03aa7a1',2,1,'b228fb47e7f6c0c95edeabd1aa143f5bc573dd22a80e70efdbfbbe5464493b02',1796576549,1796576549,0,21,87,replace('{\n  "format": "fleetaudit-bundle",\n  "version": 1,\n  "bundle_id": "7d9987dd9658cdcc8a78ee74c03aa7a1",\n  "created": "2026-12-06T17:02:29Z",\n  "sequence": 1,\n  "collector": {\n    "fingerprint": "x28z-frwf-s0z2-hn74",\n    "public_key": "ed25519:fs1/v1zz5hxfqiWb+wh5fpnGBWNr0NUSEtzAuSZJ2os="\n  },\n  "hub": {\n    "fingerprint": "y69t-m13e-r8gw-1vta"\n  },\n  "period": {\n    "from": "2025-12-27T00:00:00Z",\n    "to": "2026-03-27T00:00:00Z",\n    "after_scan": 0,\n    "upto_scan": 21\n  },\n  "devices": 5,\n  "records": {\n    "devices": 5,\n    "scans": 21,\n    "meters": 29,\n    "supplies": 18,\n    "trays": 0,\n    "alerts": 2,\n    "meter_checks": 0,\n    "status_errors": 3,\n    "display": 0,\n    "meter_flags": 2,\n    "supply_instances": 7,\n    "seen": 0\n  },\n  "masking": [\n  ],\n  "payload": {\n    "archive": "tar+gzip",\n    "encryption": "x25519-sealed-key+xchacha20poly1305-secretstream",\n    "chunk": 65536,\n    "size": 2689,\n    "blake2b_256": "b228fb47e7f6c0c95edeabd1aa143f5bc573dd22a80e70efdbfbbe5464493b02"\n  }\n}\n','\n',char(10)));
CREATE TABLE devices (
	id INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES sites (id),
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	src_id INTEGER NOT NULL,
	key_kind TEXT,
	key_value TEXT,
	vendor TEXT,
	model TEXT,
	serial TEXT,
	mac TEXT,
	address TEXT,
	first_seen INTEGER,
	last_seen INTEGER,
	data TEXT NOT NULL,
	bundle_id INTEGER NOT NULL REFERENCES bundles (id), supplies_scan INTEGER, errors_scan INTEGER,
	UNIQUE (site_id, src_id)
);
INSERT INTO devices VALUES(1,1,2,1,'serial','kyocera/BENCH00000000','Kyocera','ECOSYS P5026cdn','BENCH00000000','02:be:00:00:00:01','10.0.0.0',1796576549,1796576549,'{"id":1,"key_kind":"serial","key_value":"kyocera/BENCH00000000","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"BENCH00000000","mac":"02:be:00:00:00:01","address":"10.0.0.0","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,31,31);
INSERT INTO devices VALUES(2,1,2,2,'serial','hp/BENCH00000001','HP','LaserJet Pro M404dn','BENCH00000001','02:be:00:00:01:01','10.0.0.1',1796576549,1796576549,'{"id":2,"key_kind":"serial","key_value":"hp/BENCH00000001","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000001","mac":"02:be:00:00:01:01","address":"10.0.0.1","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,32,32);
INSERT INTO devices VALUES(3,1,2,3,'serial','hp/BENCH00000002','HP','LaserJet Pro M404dn','BENCH00000002','02:be:00:00:02:01','10.0.0.2',1796576549,1796576549,'{"id":3,"key_kind":"serial","key_value":"hp/BENCH00000002","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000002","mac":"02:be:00:00:02:01","address":"10.0.0.2","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,33,33);
INSERT INTO devices VALUES(4,1,2,4,'serial','kyocera/BENCH00000003','Kyocera','ECOSYS P5026cdn','BENCH00000003','02:be:00:00:03:01','10.0.0.3',1796576549,1796576549,'{"id":4,"key_kind":"serial","key_value":"kyocera/BENCH00000003","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"BENCH00000003","mac":"02:be:00:00:03:01","address":"10.0.0.3","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,34,34);
INSERT INTO devices VALUES(5,1,2,5,'serial','hp/BENCH00000004','HP','LaserJet Pro M404dn','BENCH00000004','02:be:00:00:04:01','10.0.0.4',1796576549,1796576549,'{"id":5,"key_kind":"serial","key_value":"hp/BENCH00000004","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000004","mac":"02:be:00:00:04:01","address":"10.0.0.4","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,35,35);
INSERT INTO devices VALUES(6,1,2,6,'serial','hp/BENCH00000005','HP','LaserJet Pro M404dn','BENCH00000005','02:be:00:00:05:01','10.0.0.5',1796576549,1796576549,'{"id":6,"key_kind":"serial","key_value":"hp/BENCH00000005","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000005","mac":"02:be:00:00:05:01","address":"10.0.0.5","credential":"v2c#1","first_seen":1796576549,"last_seen":1796576549,"missed":0,"missing_since":null}',2,36,36);
INSERT INTO devices VALUES(7,2,1,1,'serial','hp/FIXA1','HP','LaserJet Pro M404dn','FIXA1','02:fa:77:16:01:01','127.77.16.1',1766793600,1774569600,'{"id":1,"key_kind":"serial","key_value":"hp/FIXA1","vendor":"HP","model":"LaserJet Pro M404dn","serial":"FIXA1","mac":"02:fa:77:16:01:01","address":"127.77.16.1","credential":"v2c#1","first_seen":1766793600,"last_seen":1774569600,"missed":0,"missing_since":null}',3,10,10);
INSERT INTO devices VALUES(8,2,1,2,'serial','ricoh/FIXB2','Ricoh','IM C3000','FIXB2','02:fa:77:16:02:01','127.77.16.2',1767225600,1772409600,'{"id":2,"key_kind":"serial","key_value":"ricoh/FIXB2","vendor":"Ricoh","model":"IM C3000","serial":"FIXB2","mac":"02:fa:77:16:02:01","address":"127.77.16.2","credential":"v2c#1","first_seen":1767225600,"last_seen":1772409600,"missed":0,"missing_since":null}',3,14,14);
INSERT INTO devices VALUES(9,2,1,3,'serial','hp/OLDC','HP','LaserJet P3015','OLDC',NULL,'127.77.16.3',1767571200,1768435200,'{"id":3,"key_kind":"serial","key_value":"hp/OLDC","vendor":"HP","model":"LaserJet P3015","serial":"OLDC","mac":null,"address":"127.77.16.3","credential":"v2c#1","first_seen":1767571200,"last_seen":1768435200,"missed":0,"missing_since":null}',3,16,16);
INSERT INTO devices VALUES(10,2,1,4,'serial','hp/NEWC','HP','LaserJet P3015','NEWC',NULL,'127.77.16.3',1769904000,1770768000,'{"id":4,"key_kind":"serial","key_value":"hp/NEWC","vendor":"HP","model":"LaserJet P3015","serial":"NEWC","mac":null,"address":"127.77.16.3","credential":"v2c#1","first_seen":1769904000,"last_seen":1770768000,"missed":0,"missing_since":null}',3,18,18);
INSERT INTO devices VALUES(11,2,1,5,'serial','kyocera/FIXD4','Kyocera','ECOSYS P5026cdn','FIXD4','02:fa:77:16:04:01','127.77.16.4',1767225600,1768953600,'{"id":5,"key_kind":"serial","key_value":"kyocera/FIXD4","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"FIXD4","mac":"02:fa:77:16:04:01","address":"127.77.16.4","credential":"v2c#1","first_seen":1767225600,"last_seen":1768953600,"missed":0,"missing_since":null}',3,21,21);
CREATE TABLE records (
	site_id INTEGER NOT NULL REFERENCES sites (id),
	kind TEXT NOT NULL,
	src_id INTEGER NOT NULL,
	device_src INTEGER,
	data TEXT NOT NULL,
	bundle_id INTEGER NOT NULL REFERENCES bundles (id),
	PRIMARY KEY (site_id, kind, src_id)
) WITHOUT ROWID;
INSERT INTO records VALUES(1,'alerts',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',1);
INSERT INTO records VALUES(1,'alerts',2,6,'{"row":2,"device_id":6,"scan_id":12,"last_scan_id":12,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',1);
INSERT INTO records VALUES(1,'alerts',3,5,'{"row":3,"device_id":5,"scan_id":17,"last_scan_id":17,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',1);
INSERT INTO records VALUES(1,'alerts',4,4,'{"row":4,"device_id":4,"scan_id":22,"last_scan_id":22,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',2);
INSERT INTO records VALUES(1,'alerts',5,3,'{"row":5,"device_id":3,"scan_id":27,"last_scan_id":27,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',2);
INSERT INTO records VALUES(1,'alerts',6,2,'{"row":6,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":0,"idx":1,"severity":"warning","training":"trained","grp":"marker","group_index":1,"location":0,"code":1101,"code_name":"tonerLow","description":"Toner low","time":0}',2);
INSERT INTO records VALUES(1,'display',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"text":"Toner low"}',1);
INSERT INTO records VALUES(1,'display',2,2,'{"row":2,"device_id":2,"scan_id":2,"last_scan_id":26,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',3,3,'{"row":3,"device_id":3,"scan_id":3,"last_scan_id":21,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',4,4,'{"row":4,"device_id":4,"scan_id":4,"last_scan_id":16,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',5,5,'{"row":5,"device_id":5,"scan_id":5,"last_scan_id":11,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',6,6,'{"row":6,"device_id":6,"scan_id":6,"last_scan_id":6,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',7,1,'{"row":7,"device_id":1,"scan_id":7,"last_scan_id":31,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',8,6,'{"row":8,"device_id":6,"scan_id":12,"last_scan_id":12,"pos":0,"text":"Toner low"}',1);
INSERT INTO records VALUES(1,'display',9,5,'{"row":9,"device_id":5,"scan_id":17,"last_scan_id":17,"pos":0,"text":"Toner low"}',1);
INSERT INTO records VALUES(1,'display',10,6,'{"row":10,"device_id":6,"scan_id":18,"last_scan_id":36,"pos":0,"text":"Ready"}',1);
INSERT INTO records VALUES(1,'display',11,4,'{"row":11,"device_id":4,"scan_id":22,"last_scan_id":22,"pos":0,"text":"Toner low"}',2);
INSERT INTO records VALUES(1,'display',12,5,'{"row":12,"device_id":5,"scan_id":23,"last_scan_id":35,"pos":0,"text":"Ready"}',2);
INSERT INTO records VALUES(1,'display',13,3,'{"row":13,"device_id":3,"scan_id":27,"last_scan_id":27,"pos":0,"text":"Toner low"}',2);
INSERT INTO records VALUES(1,'display',14,4,'{"row":14,"device_id":4,"scan_id":28,"last_scan_id":34,"pos":0,"text":"Ready"}',2);
INSERT INTO records VALUES(1,'display',15,2,'{"row":15,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":0,"text":"Toner low"}',2);
INSERT INTO records VALUES(1,'display',16,3,'{"row":16,"device_id":3,"scan_id":33,"last_scan_id":33,"pos":0,"text":"Ready"}',2);
INSERT INTO records VALUES(1,'meters',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"name":"total","value":0,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',2,1,'{"row":2,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":1,"name":"mono","value":0,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',3,1,'{"row":3,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":2,"name":"color","value":0,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',4,2,'{"row":4,"device_id":2,"scan_id":2,"last_scan_id":2,"pos":0,"name":"total","value":1000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',5,2,'{"row":5,"device_id":2,"scan_id":2,"last_scan_id":2,"pos":1,"name":"mono","value":666,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',6,2,'{"row":6,"device_id":2,"scan_id":2,"last_scan_id":2,"pos":2,"name":"color","value":334,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',7,3,'{"row":7,"device_id":3,"scan_id":3,"last_scan_id":3,"pos":0,"name":"total","value":2000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',8,3,'{"row":8,"device_id":3,"scan_id":3,"last_scan_id":3,"pos":1,"name":"mono","value":1333,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',9,3,'{"row":9,"device_id":3,"scan_id":3,"last_scan_id":3,"pos":2,"name":"color","value":667,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',10,4,'{"row":10,"device_id":4,"scan_id":4,"last_scan_id":4,"pos":0,"name":"total","value":3000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',11,4,'{"row":11,"device_id":4,"scan_id":4,"last_scan_id":4,"pos":1,"name":"mono","value":2000,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',12,4,'{"row":12,"device_id":4,"scan_id":4,"last_scan_id":4,"pos":2,"name":"color","value":1000,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',13,5,'{"row":13,"device_id":5,"scan_id":5,"last_scan_id":5,"pos":0,"name":"total","value":4000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',14,5,'{"row":14,"device_id":5,"scan_id":5,"last_scan_id":5,"pos":1,"name":"mono","value":2666,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',15,5,'{"row":15,"device_id":5,"scan_id":5,"last_scan_id":5,"pos":2,"name":"color","value":1334,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',16,6,'{"row":16,"device_id":6,"scan_id":6,"last_scan_id":6,"pos":0,"name":"total","value":5000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',17,6,'{"row":17,"device_id":6,"scan_id":6,"last_scan_id":6,"pos":1,"name":"mono","value":3333,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',18,6,'{"row":18,"device_id":6,"scan_id":6,"last_scan_id":6,"pos":2,"name":"color","value":1667,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',19,1,'{"row":19,"device_id":1,"scan_id":7,"last_scan_id":7,"pos":0,"name":"total","value":137,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',20,1,'{"row":20,"device_id":1,"scan_id":7,"last_scan_id":7,"pos":1,"name":"mono","value":91,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',21,1,'{"row":21,"device_id":1,"scan_id":7,"last_scan_id":7,"pos":2,"name":"color","value":46,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',22,2,'{"row":22,"device_id":2,"scan_id":8,"last_scan_id":8,"pos":0,"name":"total","value":1274,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',23,2,'{"row":23,"device_id":2,"scan_id":8,"last_scan_id":8,"pos":1,"name":"mono","value":849,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',24,2,'{"row":24,"device_id":2,"scan_id":8,"last_scan_id":8,"pos":2,"name":"color","value":425,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',25,3,'{"row":25,"device_id":3,"scan_id":9,"last_scan_id":9,"pos":0,"name":"total","value":2411,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',26,3,'{"row":26,"device_id":3,"scan_id":9,"last_scan_id":9,"pos":1,"name":"mono","value":1607,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',27,3,'{"row":27,"device_id":3,"scan_id":9,"last_scan_id":9,"pos":2,"name":"color","value":804,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',28,4,'{"row":28,"device_id":4,"scan_id":10,"last_scan_id":10,"pos":0,"name":"total","value":3548,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',29,4,'{"row":29,"device_id":4,"scan_id":10,"last_scan_id":10,"pos":1,"name":"mono","value":2365,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',30,4,'{"row":30,"device_id":4,"scan_id":10,"last_scan_id":10,"pos":2,"name":"color","value":1183,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',31,5,'{"row":31,"device_id":5,"scan_id":11,"last_scan_id":11,"pos":0,"name":"total","value":4685,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',32,5,'{"row":32,"device_id":5,"scan_id":11,"last_scan_id":11,"pos":1,"name":"mono","value":3123,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',33,5,'{"row":33,"device_id":5,"scan_id":11,"last_scan_id":11,"pos":2,"name":"color","value":1562,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',34,6,'{"row":34,"device_id":6,"scan_id":12,"last_scan_id":12,"pos":0,"name":"total","value":5822,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',35,6,'{"row":35,"device_id":6,"scan_id":12,"last_scan_id":12,"pos":1,"name":"mono","value":3881,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',36,6,'{"row":36,"device_id":6,"scan_id":12,"last_scan_id":12,"pos":2,"name":"color","value":1941,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',37,1,'{"row":37,"device_id":1,"scan_id":13,"last_scan_id":13,"pos":0,"name":"total","value":274,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',38,1,'{"row":38,"device_id":1,"scan_id":13,"last_scan_id":13,"pos":1,"name":"mono","value":182,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',39,1,'{"row":39,"device_id":1,"scan_id":13,"last_scan_id":13,"pos":2,"name":"color","value":92,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',40,2,'{"row":40,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":0,"name":"total","value":1548,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',41,2,'{"row":41,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":1,"name":"mono","value":1032,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',42,2,'{"row":42,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":2,"name":"color","value":516,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',43,3,'{"row":43,"device_id":3,"scan_id":15,"last_scan_id":15,"pos":0,"name":"total","value":2822,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',44,3,'{"row":44,"device_id":3,"scan_id":15,"last_scan_id":15,"pos":1,"name":"mono","value":1881,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',45,3,'{"row":45,"device_id":3,"scan_id":15,"last_scan_id":15,"pos":2,"name":"color","value":941,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',46,4,'{"row":46,"device_id":4,"scan_id":16,"last_scan_id":16,"pos":0,"name":"total","value":4096,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',47,4,'{"row":47,"device_id":4,"scan_id":16,"last_scan_id":16,"pos":1,"name":"mono","value":2730,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',48,4,'{"row":48,"device_id":4,"scan_id":16,"last_scan_id":16,"pos":2,"name":"color","value":1366,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',49,5,'{"row":49,"device_id":5,"scan_id":17,"last_scan_id":17,"pos":0,"name":"total","value":5370,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',50,5,'{"row":50,"device_id":5,"scan_id":17,"last_scan_id":17,"pos":1,"name":"mono","value":3580,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',51,5,'{"row":51,"device_id":5,"scan_id":17,"last_scan_id":17,"pos":2,"name":"color","value":1790,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',52,6,'{"row":52,"device_id":6,"scan_id":18,"last_scan_id":18,"pos":0,"name":"total","value":6644,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',1);
INSERT INTO records VALUES(1,'meters',53,6,'{"row":53,"device_id":6,"scan_id":18,"last_scan_id":18,"pos":1,"name":"mono","value":4429,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',54,6,'{"row":54,"device_id":6,"scan_id":18,"last_scan_id":18,"pos":2,"name":"color","value":2215,"unit":"impressions","source_oid":null}',1);
INSERT INTO records VALUES(1,'meters',55,1,'{"row":55,"device_id":1,"scan_id":19,"last_scan_id":19,"pos":0,"name":"total","value":411,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',56,1,'{"row":56,"device_id":1,"scan_id":19,"last_scan_id":19,"pos":1,"name":"mono","value":274,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',57,1,'{"row":57,"device_id":1,"scan_id":19,"last_scan_id":19,"pos":2,"name":"color","value":137,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',58,2,'{"row":58,"device_id":2,"scan_id":20,"last_scan_id":20,"pos":0,"name":"total","value":1822,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',59,2,'{"row":59,"device_id":2,"scan_id":20,"last_scan_id":20,"pos":1,"name":"mono","value":1214,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',60,2,'{"row":60,"device_id":2,"scan_id":20,"last_scan_id":20,"pos":2,"name":"color","value":608,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',61,3,'{"row":61,"device_id":3,"scan_id":21,"last_scan_id":21,"pos":0,"name":"total","value":3233,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',62,3,'{"row":62,"device_id":3,"scan_id":21,"last_scan_id":21,"pos":1,"name":"mono","value":2155,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',63,3,'{"row":63,"device_id":3,"scan_id":21,"last_scan_id":21,"pos":2,"name":"color","value":1078,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',64,4,'{"row":64,"device_id":4,"scan_id":22,"last_scan_id":22,"pos":0,"name":"total","value":4644,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',65,4,'{"row":65,"device_id":4,"scan_id":22,"last_scan_id":22,"pos":1,"name":"mono","value":3096,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',66,4,'{"row":66,"device_id":4,"scan_id":22,"last_scan_id":22,"pos":2,"name":"color","value":1548,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',67,5,'{"row":67,"device_id":5,"scan_id":23,"last_scan_id":23,"pos":0,"name":"total","value":6055,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',68,5,'{"row":68,"device_id":5,"scan_id":23,"last_scan_id":23,"pos":1,"name":"mono","value":4036,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',69,5,'{"row":69,"device_id":5,"scan_id":23,"last_scan_id":23,"pos":2,"name":"color","value":2019,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',70,6,'{"row":70,"device_id":6,"scan_id":24,"last_scan_id":24,"pos":0,"name":"total","value":7466,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',71,6,'{"row":71,"device_id":6,"scan_id":24,"last_scan_id":24,"pos":1,"name":"mono","value":4977,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',72,6,'{"row":72,"device_id":6,"scan_id":24,"last_scan_id":24,"pos":2,"name":"color","value":2489,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',73,1,'{"row":73,"device_id":1,"scan_id":25,"last_scan_id":25,"pos":0,"name":"total","value":548,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',74,1,'{"row":74,"device_id":1,"scan_id":25,"last_scan_id":25,"pos":1,"name":"mono","value":365,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',75,1,'{"row":75,"device_id":1,"scan_id":25,"last_scan_id":25,"pos":2,"name":"color","value":183,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',76,2,'{"row":76,"device_id":2,"scan_id":26,"last_scan_id":26,"pos":0,"name":"total","value":2096,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',77,2,'{"row":77,"device_id":2,"scan_id":26,"last_scan_id":26,"pos":1,"name":"mono","value":1397,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',78,2,'{"row":78,"device_id":2,"scan_id":26,"last_scan_id":26,"pos":2,"name":"color","value":699,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',79,3,'{"row":79,"device_id":3,"scan_id":27,"last_scan_id":27,"pos":0,"name":"total","value":3644,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',80,3,'{"row":80,"device_id":3,"scan_id":27,"last_scan_id":27,"pos":1,"name":"mono","value":2429,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',81,3,'{"row":81,"device_id":3,"scan_id":27,"last_scan_id":27,"pos":2,"name":"color","value":1215,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',82,4,'{"row":82,"device_id":4,"scan_id":28,"last_scan_id":28,"pos":0,"name":"total","value":5192,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',83,4,'{"row":83,"device_id":4,"scan_id":28,"last_scan_id":28,"pos":1,"name":"mono","value":3461,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',84,4,'{"row":84,"device_id":4,"scan_id":28,"last_scan_id":28,"pos":2,"name":"color","value":1731,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',85,5,'{"row":85,"device_id":5,"scan_id":29,"last_scan_id":29,"pos":0,"name":"total","value":6740,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',86,5,'{"row":86,"device_id":5,"scan_id":29,"last_scan_id":29,"pos":1,"name":"mono","value":4493,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',87,5,'{"row":87,"device_id":5,"scan_id":29,"last_scan_id":29,"pos":2,"name":"color","value":2247,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',88,6,'{"row":88,"device_id":6,"scan_id":30,"last_scan_id":30,"pos":0,"name":"total","value":8288,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',89,6,'{"row":89,"device_id":6,"scan_id":30,"last_scan_id":30,"pos":1,"name":"mono","value":5525,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',90,6,'{"row":90,"device_id":6,"scan_id":30,"last_scan_id":30,"pos":2,"name":"color","value":2763,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',91,1,'{"row":91,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":0,"name":"total","value":685,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',92,1,'{"row":92,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":1,"name":"mono","value":456,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',93,1,'{"row":93,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":2,"name":"color","value":229,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',94,2,'{"row":94,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":0,"name":"total","value":2370,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',95,2,'{"row":95,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":1,"name":"mono","value":1580,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',96,2,'{"row":96,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":2,"name":"color","value":790,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',97,3,'{"row":97,"device_id":3,"scan_id":33,"last_scan_id":33,"pos":0,"name":"total","value":4055,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',98,3,'{"row":98,"device_id":3,"scan_id":33,"last_scan_id":33,"pos":1,"name":"mono","value":2703,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',99,3,'{"row":99,"device_id":3,"scan_id":33,"last_scan_id":33,"pos":2,"name":"color","value":1352,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',100,4,'{"row":100,"device_id":4,"scan_id":34,"last_scan_id":34,"pos":0,"name":"total","value":5740,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',101,4,'{"row":101,"device_id":4,"scan_id":34,"last_scan_id":34,"pos":1,"name":"mono","value":3826,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',102,4,'{"row":102,"device_id":4,"scan_id":34,"last_scan_id":34,"pos":2,"name":"color","value":1914,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',103,5,'{"row":103,"device_id":5,"scan_id":35,"last_scan_id":35,"pos":0,"name":"total","value":7425,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',104,5,'{"row":104,"device_id":5,"scan_id":35,"last_scan_id":35,"pos":1,"name":"mono","value":4950,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',105,5,'{"row":105,"device_id":5,"scan_id":35,"last_scan_id":35,"pos":2,"name":"color","value":2475,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',106,6,'{"row":106,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":0,"name":"total","value":9110,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',2);
INSERT INTO records VALUES(1,'meters',107,6,'{"row":107,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":1,"name":"mono","value":6073,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'meters',108,6,'{"row":108,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":2,"name":"color","value":3037,"unit":"impressions","source_oid":null}',2);
INSERT INTO records VALUES(1,'scans',1,1,'{"id":1,"assessment_id":1,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"BENCH00000000","mac":"02:be:00:00:00:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-0","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',2,2,'{"id":2,"assessment_id":1,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000001","mac":"02:be:00:00:01:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-1","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',3,3,'{"id":3,"assessment_id":1,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000002","mac":"02:be:00:00:02:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-2","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',4,4,'{"id":4,"assessment_id":1,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"BENCH00000003","mac":"02:be:00:00:03:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-3","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',5,5,'{"id":5,"assessment_id":1,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000004","mac":"02:be:00:00:04:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-4","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',6,6,'{"id":6,"assessment_id":1,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet Pro M404dn","serial":"BENCH00000005","mac":"02:be:00:00:05:01","sys_object_id":"1.3.6.1.4.1.11.2.3.9.1","sys_descr":"bench printer","sys_name":"prn-5","sys_location":"floor 2","sys_contact":null,"firmware":"2409.1","asset":null,"uptime":0,"enterprise":11,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":null}',1);
INSERT INTO records VALUES(1,'scans',7,1,'{"id":7,"assessment_id":2,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":1}',1);
INSERT INTO records VALUES(1,'scans',8,2,'{"id":8,"assessment_id":2,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":2}',1);
INSERT INTO records VALUES(1,'scans',9,3,'{"id":9,"assessment_id":2,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":3}',1);
INSERT INTO records VALUES(1,'scans',10,4,'{"id":10,"assessment_id":2,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":4}',1);
INSERT INTO records VALUES(1,'scans',11,5,'{"id":11,"assessment_id":2,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":5}',1);
INSERT INTO records VALUES(1,'scans',12,6,'{"id":12,"assessment_id":2,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":8640000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":6}',1);
INSERT INTO records VALUES(1,'scans',13,1,'{"id":13,"assessment_id":3,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":1}',1);
INSERT INTO records VALUES(1,'scans',14,2,'{"id":14,"assessment_id":3,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":2}',1);
INSERT INTO records VALUES(1,'scans',15,3,'{"id":15,"assessment_id":3,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":3}',1);
INSERT INTO records VALUES(1,'scans',16,4,'{"id":16,"assessment_id":3,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":4}',1);
INSERT INTO records VALUES(1,'scans',17,5,'{"id":17,"assessment_id":3,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":5}',1);
INSERT INTO records VALUES(1,'scans',18,6,'{"id":18,"assessment_id":3,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":17280000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":6}',1);
INSERT INTO records VALUES(1,'scans',19,1,'{"id":19,"assessment_id":4,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":1}',2);
INSERT INTO records VALUES(1,'scans',20,2,'{"id":20,"assessment_id":4,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":2}',2);
INSERT INTO records VALUES(1,'scans',21,3,'{"id":21,"assessment_id":4,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":3}',2);
INSERT INTO records VALUES(1,'scans',22,4,'{"id":22,"assessment_id":4,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":4}',2);
INSERT INTO records VALUES(1,'scans',23,5,'{"id":23,"assessment_id":4,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":5}',2);
INSERT INTO records VALUES(1,'scans',24,6,'{"id":24,"assessment_id":4,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":25920000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":6}',2);
INSERT INTO records VALUES(1,'scans',25,1,'{"id":25,"assessment_id":5,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":1}',2);
INSERT INTO records VALUES(1,'scans',26,2,'{"id":26,"assessment_id":5,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":2}',2);
INSERT INTO records VALUES(1,'scans',27,3,'{"id":27,"assessment_id":5,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":3}',2);
INSERT INTO records VALUES(1,'scans',28,4,'{"id":28,"assessment_id":5,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":4}',2);
INSERT INTO records VALUES(1,'scans',29,5,'{"id":29,"assessment_id":5,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":5}',2);
INSERT INTO records VALUES(1,'scans',30,6,'{"id":30,"assessment_id":5,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":34560000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":6}',2);
INSERT INTO records VALUES(1,'scans',31,1,'{"id":31,"assessment_id":6,"device_id":1,"time":1796576549,"address":"10.0.0.0","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":1}',2);
INSERT INTO records VALUES(1,'scans',32,2,'{"id":32,"assessment_id":6,"device_id":2,"time":1796576549,"address":"10.0.0.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":2}',2);
INSERT INTO records VALUES(1,'scans',33,3,'{"id":33,"assessment_id":6,"device_id":3,"time":1796576549,"address":"10.0.0.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":3}',2);
INSERT INTO records VALUES(1,'scans',34,4,'{"id":34,"assessment_id":6,"device_id":4,"time":1796576549,"address":"10.0.0.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":4}',2);
INSERT INTO records VALUES(1,'scans',35,5,'{"id":35,"assessment_id":6,"device_id":5,"time":1796576549,"address":"10.0.0.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":5}',2);
INSERT INTO records VALUES(1,'scans',36,6,'{"id":36,"assessment_id":6,"device_id":6,"time":1796576549,"address":"10.0.0.5","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":43200000,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":120,"requests":9,"model_def":null,"parts":15,"attrs_from":6}',2);
INSERT INTO records VALUES(1,'supplies',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":13,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":1}',1);
INSERT INTO records VALUES(1,'supplies',2,1,'{"row":2,"device_id":1,"scan_id":1,"last_scan_id":19,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":2}',1);
INSERT INTO records VALUES(1,'supplies',3,1,'{"row":3,"device_id":1,"scan_id":1,"last_scan_id":25,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":3}',1);
INSERT INTO records VALUES(1,'supplies',4,1,'{"row":4,"device_id":1,"scan_id":1,"last_scan_id":31,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":4}',1);
INSERT INTO records VALUES(1,'supplies',5,2,'{"row":5,"device_id":2,"scan_id":2,"last_scan_id":14,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":5}',1);
INSERT INTO records VALUES(1,'supplies',6,2,'{"row":6,"device_id":2,"scan_id":2,"last_scan_id":20,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":6}',1);
INSERT INTO records VALUES(1,'supplies',7,2,'{"row":7,"device_id":2,"scan_id":2,"last_scan_id":26,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":7}',1);
INSERT INTO records VALUES(1,'supplies',8,2,'{"row":8,"device_id":2,"scan_id":2,"last_scan_id":32,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":8}',1);
INSERT INTO records VALUES(1,'supplies',9,3,'{"row":9,"device_id":3,"scan_id":3,"last_scan_id":15,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":9}',1);
INSERT INTO records VALUES(1,'supplies',10,3,'{"row":10,"device_id":3,"scan_id":3,"last_scan_id":21,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":10}',1);
INSERT INTO records VALUES(1,'supplies',11,3,'{"row":11,"device_id":3,"scan_id":3,"last_scan_id":27,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":11}',1);
INSERT INTO records VALUES(1,'supplies',12,3,'{"row":12,"device_id":3,"scan_id":3,"last_scan_id":33,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":12}',1);
INSERT INTO records VALUES(1,'supplies',13,4,'{"row":13,"device_id":4,"scan_id":4,"last_scan_id":16,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":13}',1);
INSERT INTO records VALUES(1,'supplies',14,4,'{"row":14,"device_id":4,"scan_id":4,"last_scan_id":22,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":14}',1);
INSERT INTO records VALUES(1,'supplies',15,4,'{"row":15,"device_id":4,"scan_id":4,"last_scan_id":28,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":15}',1);
INSERT INTO records VALUES(1,'supplies',16,4,'{"row":16,"device_id":4,"scan_id":4,"last_scan_id":34,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":16}',1);
INSERT INTO records VALUES(1,'supplies',17,5,'{"row":17,"device_id":5,"scan_id":5,"last_scan_id":17,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":17}',1);
INSERT INTO records VALUES(1,'supplies',18,5,'{"row":18,"device_id":5,"scan_id":5,"last_scan_id":23,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":18}',1);
INSERT INTO records VALUES(1,'supplies',19,5,'{"row":19,"device_id":5,"scan_id":5,"last_scan_id":29,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":19}',1);
INSERT INTO records VALUES(1,'supplies',20,5,'{"row":20,"device_id":5,"scan_id":5,"last_scan_id":35,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":20}',1);
INSERT INTO records VALUES(1,'supplies',21,6,'{"row":21,"device_id":6,"scan_id":6,"last_scan_id":18,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":21}',1);
INSERT INTO records VALUES(1,'supplies',22,6,'{"row":22,"device_id":6,"scan_id":6,"last_scan_id":24,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":22}',1);
INSERT INTO records VALUES(1,'supplies',23,6,'{"row":23,"device_id":6,"scan_id":6,"last_scan_id":30,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":23}',1);
INSERT INTO records VALUES(1,'supplies',24,6,'{"row":24,"device_id":6,"scan_id":6,"last_scan_id":36,"pos":3,"idx":4,"description":"yellow toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":100,"percent":100,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":24}',1);
INSERT INTO records VALUES(1,'supplies',25,1,'{"row":25,"device_id":1,"scan_id":19,"last_scan_id":31,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":1}',2);
INSERT INTO records VALUES(1,'supplies',26,2,'{"row":26,"device_id":2,"scan_id":20,"last_scan_id":32,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":5}',2);
INSERT INTO records VALUES(1,'supplies',27,3,'{"row":27,"device_id":3,"scan_id":21,"last_scan_id":33,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":9}',2);
INSERT INTO records VALUES(1,'supplies',28,4,'{"row":28,"device_id":4,"scan_id":22,"last_scan_id":34,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":13}',2);
INSERT INTO records VALUES(1,'supplies',29,5,'{"row":29,"device_id":5,"scan_id":23,"last_scan_id":35,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":17}',2);
INSERT INTO records VALUES(1,'supplies',30,6,'{"row":30,"device_id":6,"scan_id":24,"last_scan_id":36,"pos":0,"idx":1,"description":"black toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":21}',2);
INSERT INTO records VALUES(1,'supplies',31,1,'{"row":31,"device_id":1,"scan_id":25,"last_scan_id":31,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":2}',2);
INSERT INTO records VALUES(1,'supplies',32,2,'{"row":32,"device_id":2,"scan_id":26,"last_scan_id":32,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":6}',2);
INSERT INTO records VALUES(1,'supplies',33,3,'{"row":33,"device_id":3,"scan_id":27,"last_scan_id":33,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":10}',2);
INSERT INTO records VALUES(1,'supplies',34,4,'{"row":34,"device_id":4,"scan_id":28,"last_scan_id":34,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":14}',2);
INSERT INTO records VALUES(1,'supplies',35,5,'{"row":35,"device_id":5,"scan_id":29,"last_scan_id":35,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":18}',2);
INSERT INTO records VALUES(1,'supplies',36,6,'{"row":36,"device_id":6,"scan_id":30,"last_scan_id":36,"pos":1,"idx":2,"description":"cyan toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":22}',2);
INSERT INTO records VALUES(1,'supplies',37,1,'{"row":37,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":3}',2);
INSERT INTO records VALUES(1,'supplies',38,2,'{"row":38,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":7}',2);
INSERT INTO records VALUES(1,'supplies',39,3,'{"row":39,"device_id":3,"scan_id":33,"last_scan_id":33,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":11}',2);
INSERT INTO records VALUES(1,'supplies',40,4,'{"row":40,"device_id":4,"scan_id":34,"last_scan_id":34,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":15}',2);
INSERT INTO records VALUES(1,'supplies',41,5,'{"row":41,"device_id":5,"scan_id":35,"last_scan_id":35,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":19}',2);
INSERT INTO records VALUES(1,'supplies',42,6,'{"row":42,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":2,"idx":3,"description":"magenta toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":99,"percent":99,"state":"ok","part_number":null,"serial":null,"level_source":null,"instance_id":23}',2);
INSERT INTO records VALUES(1,'supply_instances',1,1,'{"id":1,"device_id":1,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":1,"last_scan_id":31,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":0,"last_total":685}',2);
INSERT INTO records VALUES(1,'supply_instances',2,1,'{"id":2,"device_id":1,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":1,"last_scan_id":31,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":0,"last_total":685}',2);
INSERT INTO records VALUES(1,'supply_instances',3,1,'{"id":3,"device_id":1,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":1,"last_scan_id":31,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":0,"last_total":685}',2);
INSERT INTO records VALUES(1,'supply_instances',4,1,'{"id":4,"device_id":1,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":1,"last_scan_id":31,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":0,"last_total":685}',2);
INSERT INTO records VALUES(1,'supply_instances',5,2,'{"id":5,"device_id":2,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":2,"last_scan_id":32,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":1000,"last_total":2370}',2);
INSERT INTO records VALUES(1,'supply_instances',6,2,'{"id":6,"device_id":2,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":2,"last_scan_id":32,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":1000,"last_total":2370}',2);
INSERT INTO records VALUES(1,'supply_instances',7,2,'{"id":7,"device_id":2,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":2,"last_scan_id":32,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":1000,"last_total":2370}',2);
INSERT INTO records VALUES(1,'supply_instances',8,2,'{"id":8,"device_id":2,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":2,"last_scan_id":32,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":1000,"last_total":2370}',2);
INSERT INTO records VALUES(1,'supply_instances',9,3,'{"id":9,"device_id":3,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":3,"last_scan_id":33,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":2000,"last_total":4055}',2);
INSERT INTO records VALUES(1,'supply_instances',10,3,'{"id":10,"device_id":3,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":3,"last_scan_id":33,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":2000,"last_total":4055}',2);
INSERT INTO records VALUES(1,'supply_instances',11,3,'{"id":11,"device_id":3,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":3,"last_scan_id":33,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":2000,"last_total":4055}',2);
INSERT INTO records VALUES(1,'supply_instances',12,3,'{"id":12,"device_id":3,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":3,"last_scan_id":33,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":2000,"last_total":4055}',2);
INSERT INTO records VALUES(1,'supply_instances',13,4,'{"id":13,"device_id":4,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":4,"last_scan_id":34,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":3000,"last_total":5740}',2);
INSERT INTO records VALUES(1,'supply_instances',14,4,'{"id":14,"device_id":4,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":4,"last_scan_id":34,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":3000,"last_total":5740}',2);
INSERT INTO records VALUES(1,'supply_instances',15,4,'{"id":15,"device_id":4,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":4,"last_scan_id":34,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":3000,"last_total":5740}',2);
INSERT INTO records VALUES(1,'supply_instances',16,4,'{"id":16,"device_id":4,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":4,"last_scan_id":34,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":3000,"last_total":5740}',2);
INSERT INTO records VALUES(1,'supply_instances',17,5,'{"id":17,"device_id":5,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":5,"last_scan_id":35,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":4000,"last_total":7425}',2);
INSERT INTO records VALUES(1,'supply_instances',18,5,'{"id":18,"device_id":5,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":5,"last_scan_id":35,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":4000,"last_total":7425}',2);
INSERT INTO records VALUES(1,'supply_instances',19,5,'{"id":19,"device_id":5,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":5,"last_scan_id":35,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":4000,"last_total":7425}',2);
INSERT INTO records VALUES(1,'supply_instances',20,5,'{"id":20,"device_id":5,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":5,"last_scan_id":35,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":4000,"last_total":7425}',2);
INSERT INTO records VALUES(1,'supply_instances',21,6,'{"id":21,"device_id":6,"idx":1,"description":"black toner","part_number":null,"serial":null,"first_scan_id":6,"last_scan_id":36,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":5000,"last_total":9110}',2);
INSERT INTO records VALUES(1,'supply_instances',22,6,'{"id":22,"device_id":6,"idx":2,"description":"cyan toner","part_number":null,"serial":null,"first_scan_id":6,"last_scan_id":36,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":5000,"last_total":9110}',2);
INSERT INTO records VALUES(1,'supply_instances',23,6,'{"id":23,"device_id":6,"idx":3,"description":"magenta toner","part_number":null,"serial":null,"first_scan_id":6,"last_scan_id":36,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":99,"first_total":5000,"last_total":9110}',2);
INSERT INTO records VALUES(1,'supply_instances',24,6,'{"id":24,"device_id":6,"idx":4,"description":"yellow toner","part_number":null,"serial":null,"first_scan_id":6,"last_scan_id":36,"first_seen":1796576549,"last_seen":1796576549,"first_level":100,"last_level":100,"first_total":5000,"last_total":9110}',2);
INSERT INTO records VALUES(1,'trays',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',2,1,'{"row":2,"device_id":1,"scan_id":1,"last_scan_id":19,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',3,2,'{"row":3,"device_id":2,"scan_id":2,"last_scan_id":20,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',4,2,'{"row":4,"device_id":2,"scan_id":2,"last_scan_id":14,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',5,3,'{"row":5,"device_id":3,"scan_id":3,"last_scan_id":15,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',6,3,'{"row":6,"device_id":3,"scan_id":3,"last_scan_id":9,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',7,4,'{"row":7,"device_id":4,"scan_id":4,"last_scan_id":10,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',8,4,'{"row":8,"device_id":4,"scan_id":4,"last_scan_id":4,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',9,5,'{"row":9,"device_id":5,"scan_id":5,"last_scan_id":5,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',10,5,'{"row":10,"device_id":5,"scan_id":5,"last_scan_id":5,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',11,6,'{"row":11,"device_id":6,"scan_id":6,"last_scan_id":6,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',12,6,'{"row":12,"device_id":6,"scan_id":6,"last_scan_id":24,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',13,1,'{"row":13,"device_id":1,"scan_id":7,"last_scan_id":25,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',14,4,'{"row":14,"device_id":4,"scan_id":10,"last_scan_id":10,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',15,5,'{"row":15,"device_id":5,"scan_id":11,"last_scan_id":11,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',16,5,'{"row":16,"device_id":5,"scan_id":11,"last_scan_id":29,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',17,6,'{"row":17,"device_id":6,"scan_id":12,"last_scan_id":30,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',18,3,'{"row":18,"device_id":3,"scan_id":15,"last_scan_id":15,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',19,4,'{"row":19,"device_id":4,"scan_id":16,"last_scan_id":16,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',1);
INSERT INTO records VALUES(1,'trays',20,4,'{"row":20,"device_id":4,"scan_id":16,"last_scan_id":34,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',21,5,'{"row":21,"device_id":5,"scan_id":17,"last_scan_id":35,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',1);
INSERT INTO records VALUES(1,'trays',22,2,'{"row":22,"device_id":2,"scan_id":20,"last_scan_id":20,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',23,3,'{"row":23,"device_id":3,"scan_id":21,"last_scan_id":21,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',24,3,'{"row":24,"device_id":3,"scan_id":21,"last_scan_id":33,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',25,4,'{"row":25,"device_id":4,"scan_id":22,"last_scan_id":34,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',26,1,'{"row":26,"device_id":1,"scan_id":25,"last_scan_id":25,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',27,2,'{"row":27,"device_id":2,"scan_id":26,"last_scan_id":26,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',28,2,'{"row":28,"device_id":2,"scan_id":26,"last_scan_id":32,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',29,3,'{"row":29,"device_id":3,"scan_id":27,"last_scan_id":33,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',30,6,'{"row":30,"device_id":6,"scan_id":30,"last_scan_id":30,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',31,1,'{"row":31,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',32,1,'{"row":32,"device_id":1,"scan_id":31,"last_scan_id":31,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',33,2,'{"row":33,"device_id":2,"scan_id":32,"last_scan_id":32,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(1,'trays',34,5,'{"row":34,"device_id":5,"scan_id":35,"last_scan_id":35,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',35,6,'{"row":35,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":0,"idx":1,"name":"Tray 1","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":0,"percent":0,"state":"empty","status":null}',2);
INSERT INTO records VALUES(1,'trays',36,6,'{"row":36,"device_id":6,"scan_id":36,"last_scan_id":36,"pos":1,"idx":2,"name":"Tray 2","media":"A4","type":"sheetFeedRemovable","capacity":250,"level":250,"percent":100,"state":"ok","status":null}',2);
INSERT INTO records VALUES(2,'alerts',1,2,'{"row":1,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":0,"idx":1,"severity":"critical","training":null,"grp":"mediaPath","group_index":null,"location":null,"code":8,"code_name":"jam","description":"Paper jam <in tray 2>","time":null}',3);
INSERT INTO records VALUES(2,'alerts',2,5,'{"row":2,"device_id":5,"scan_id":21,"last_scan_id":21,"pos":0,"idx":1,"severity":"warning","training":null,"grp":"marker","group_index":null,"location":null,"code":1104,"code_name":"markerTonerAlmostEmpty","description":"Cyan toner low","time":null}',3);
INSERT INTO records VALUES(2,'meter_flags',1,NULL,'{"row":1,"scan_id":6,"name":"total","reason":"decrease","previous":15000,"current":500,"detail":null}',3);
INSERT INTO records VALUES(2,'meter_flags',2,NULL,'{"row":2,"scan_id":17,"name":"serial","reason":"swap","previous":null,"current":null,"detail":"OLDC -> NEWC"}',3);
INSERT INTO records VALUES(2,'meters',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"name":"total","value":10000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',2,1,'{"row":2,"device_id":1,"scan_id":2,"last_scan_id":2,"pos":0,"name":"total","value":11000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',3,1,'{"row":3,"device_id":1,"scan_id":3,"last_scan_id":3,"pos":0,"name":"total","value":13000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',4,1,'{"row":4,"device_id":1,"scan_id":4,"last_scan_id":4,"pos":0,"name":"total","value":14000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',5,1,'{"row":5,"device_id":1,"scan_id":5,"last_scan_id":5,"pos":0,"name":"total","value":15000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',6,1,'{"row":6,"device_id":1,"scan_id":6,"last_scan_id":6,"pos":0,"name":"total","value":500,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',7,1,'{"row":7,"device_id":1,"scan_id":7,"last_scan_id":7,"pos":0,"name":"total","value":1500,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',8,1,'{"row":8,"device_id":1,"scan_id":8,"last_scan_id":8,"pos":0,"name":"total","value":3500,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',9,1,'{"row":9,"device_id":1,"scan_id":9,"last_scan_id":9,"pos":0,"name":"total","value":4500,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',10,1,'{"row":10,"device_id":1,"scan_id":10,"last_scan_id":10,"pos":0,"name":"total","value":5500,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',11,2,'{"row":11,"device_id":2,"scan_id":11,"last_scan_id":11,"pos":0,"name":"total","value":1000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.1.0"}',3);
INSERT INTO records VALUES(2,'meters',12,2,'{"row":12,"device_id":2,"scan_id":11,"last_scan_id":11,"pos":1,"name":"mono","value":800,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.21"}',3);
INSERT INTO records VALUES(2,'meters',13,2,'{"row":13,"device_id":2,"scan_id":11,"last_scan_id":11,"pos":2,"name":"colour","value":200,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.22"}',3);
INSERT INTO records VALUES(2,'meters',14,2,'{"row":14,"device_id":2,"scan_id":12,"last_scan_id":12,"pos":0,"name":"total","value":2000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.1.0"}',3);
INSERT INTO records VALUES(2,'meters',15,2,'{"row":15,"device_id":2,"scan_id":12,"last_scan_id":12,"pos":1,"name":"mono","value":1400,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.21"}',3);
INSERT INTO records VALUES(2,'meters',16,2,'{"row":16,"device_id":2,"scan_id":12,"last_scan_id":12,"pos":2,"name":"colour","value":600,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.22"}',3);
INSERT INTO records VALUES(2,'meters',17,2,'{"row":17,"device_id":2,"scan_id":13,"last_scan_id":13,"pos":0,"name":"total","value":6000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.1.0"}',3);
INSERT INTO records VALUES(2,'meters',18,2,'{"row":18,"device_id":2,"scan_id":13,"last_scan_id":13,"pos":1,"name":"mono","value":4000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.21"}',3);
INSERT INTO records VALUES(2,'meters',19,2,'{"row":19,"device_id":2,"scan_id":13,"last_scan_id":13,"pos":2,"name":"colour","value":2000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.22"}',3);
INSERT INTO records VALUES(2,'meters',20,2,'{"row":20,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":0,"name":"total","value":7000,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.1.0"}',3);
INSERT INTO records VALUES(2,'meters',21,2,'{"row":21,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":1,"name":"mono","value":4600,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.21"}',3);
INSERT INTO records VALUES(2,'meters',22,2,'{"row":22,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":2,"name":"colour","value":2400,"unit":"impressions","source_oid":"1.3.6.1.4.1.367.3.2.1.2.19.5.1.9.22"}',3);
INSERT INTO records VALUES(2,'meters',23,3,'{"row":23,"device_id":3,"scan_id":15,"last_scan_id":15,"pos":0,"name":"total","value":100,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',24,3,'{"row":24,"device_id":3,"scan_id":16,"last_scan_id":16,"pos":0,"name":"total","value":600,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',25,4,'{"row":25,"device_id":4,"scan_id":17,"last_scan_id":17,"pos":0,"name":"total","value":50,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',26,4,'{"row":26,"device_id":4,"scan_id":18,"last_scan_id":18,"pos":0,"name":"total","value":250,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',27,5,'{"row":27,"device_id":5,"scan_id":19,"last_scan_id":19,"pos":0,"name":"total","value":1000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',28,5,'{"row":28,"device_id":5,"scan_id":20,"last_scan_id":20,"pos":0,"name":"total","value":2000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'meters',29,5,'{"row":29,"device_id":5,"scan_id":21,"last_scan_id":21,"pos":0,"name":"total","value":3000,"unit":"impressions","source_oid":"1.3.6.1.2.1.43.10.2.1.4.1.1"}',3);
INSERT INTO records VALUES(2,'scans',1,1,'{"id":1,"assessment_id":1,"device_id":1,"time":1766793600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet Pro M404dn","serial":"FIXA1","mac":"02:fa:77:16:01:01","sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":"Building A, floor 1","sys_contact":null,"firmware":"1.0","asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":null}',3);
INSERT INTO records VALUES(2,'scans',2,1,'{"id":2,"assessment_id":1,"device_id":1,"time":1767657600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',3,1,'{"id":3,"assessment_id":1,"device_id":1,"time":1768521600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',4,1,'{"id":4,"assessment_id":1,"device_id":1,"time":1769385600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',5,1,'{"id":5,"assessment_id":1,"device_id":1,"time":1770249600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',6,1,'{"id":6,"assessment_id":1,"device_id":1,"time":1771113600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',7,1,'{"id":7,"assessment_id":1,"device_id":1,"time":1771977600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',8,1,'{"id":8,"assessment_id":1,"device_id":1,"time":1772841600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',9,1,'{"id":9,"assessment_id":1,"device_id":1,"time":1773705600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',10,1,'{"id":10,"assessment_id":1,"device_id":1,"time":1774569600,"address":"127.77.16.1","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":1}',3);
INSERT INTO records VALUES(2,'scans',11,2,'{"id":11,"assessment_id":1,"device_id":2,"time":1767225600,"address":"127.77.16.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"Ricoh","model":"IM C3000","serial":"FIXB2","mac":"02:fa:77:16:02:01","sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":"<script>alert(1)</script>","sys_contact":null,"firmware":"1.0","asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":null}',3);
INSERT INTO records VALUES(2,'scans',12,2,'{"id":12,"assessment_id":1,"device_id":2,"time":1768089600,"address":"127.77.16.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":11}',3);
INSERT INTO records VALUES(2,'scans',13,2,'{"id":13,"assessment_id":1,"device_id":2,"time":1771545600,"address":"127.77.16.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":11}',3);
INSERT INTO records VALUES(2,'scans',14,2,'{"id":14,"assessment_id":1,"device_id":2,"time":1772409600,"address":"127.77.16.2","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":11}',3);
INSERT INTO records VALUES(2,'scans',15,3,'{"id":15,"assessment_id":1,"device_id":3,"time":1767571200,"address":"127.77.16.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet P3015","serial":"OLDC","mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":"Store room","sys_contact":null,"firmware":"1.0","asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":null}',3);
INSERT INTO records VALUES(2,'scans',16,3,'{"id":16,"assessment_id":1,"device_id":3,"time":1768435200,"address":"127.77.16.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":15}',3);
INSERT INTO records VALUES(2,'scans',17,4,'{"id":17,"assessment_id":1,"device_id":4,"time":1769904000,"address":"127.77.16.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"HP","model":"LaserJet P3015","serial":"NEWC","mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":"Store room","sys_contact":null,"firmware":"1.0","asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":null}',3);
INSERT INTO records VALUES(2,'scans',18,4,'{"id":18,"assessment_id":1,"device_id":4,"time":1770768000,"address":"127.77.16.3","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":17}',3);
INSERT INTO records VALUES(2,'scans',19,5,'{"id":19,"assessment_id":1,"device_id":5,"time":1767225600,"address":"127.77.16.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":"Printer-MIB","vendor":"Kyocera","model":"ECOSYS P5026cdn","serial":"FIXD4","mac":"02:fa:77:16:04:01","sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":"Reception","sys_contact":null,"firmware":"1.0","asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":null}',3);
INSERT INTO records VALUES(2,'scans',20,5,'{"id":20,"assessment_id":1,"device_id":5,"time":1768089600,"address":"127.77.16.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":19}',3);
INSERT INTO records VALUES(2,'scans',21,5,'{"id":21,"assessment_id":1,"device_id":5,"time":1768953600,"address":"127.77.16.4","credential":"v2c#1","snmp_version":2,"is_printer":1,"printer_reason":null,"vendor":null,"model":null,"serial":null,"mac":null,"sys_object_id":null,"sys_descr":null,"sys_name":null,"sys_location":null,"sys_contact":null,"firmware":null,"asset":null,"uptime":null,"enterprise":null,"hr_device_status":2,"hr_printer_status":3,"error":null,"read_ms":0,"requests":0,"model_def":null,"parts":15,"attrs_from":19}',3);
INSERT INTO records VALUES(2,'status_errors',1,2,'{"row":1,"device_id":2,"scan_id":14,"last_scan_id":14,"pos":0,"name":"jammed"}',3);
INSERT INTO records VALUES(2,'status_errors',2,5,'{"row":2,"device_id":5,"scan_id":21,"last_scan_id":21,"pos":0,"name":"doorOpen"}',3);
INSERT INTO records VALUES(2,'status_errors',3,5,'{"row":3,"device_id":5,"scan_id":21,"last_scan_id":21,"pos":1,"name":"lowToner"}',3);
INSERT INTO records VALUES(2,'supplies',1,1,'{"row":1,"device_id":1,"scan_id":1,"last_scan_id":1,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":90,"percent":90,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',2,1,'{"row":2,"device_id":1,"scan_id":2,"last_scan_id":2,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":85,"percent":85,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',3,1,'{"row":3,"device_id":1,"scan_id":3,"last_scan_id":3,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":80,"percent":80,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',4,1,'{"row":4,"device_id":1,"scan_id":4,"last_scan_id":4,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":82,"percent":82,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',5,1,'{"row":5,"device_id":1,"scan_id":5,"last_scan_id":5,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":70,"percent":70,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',6,1,'{"row":6,"device_id":1,"scan_id":6,"last_scan_id":6,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":65,"percent":65,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',7,1,'{"row":7,"device_id":1,"scan_id":7,"last_scan_id":7,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":60,"percent":60,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',8,1,'{"row":8,"device_id":1,"scan_id":8,"last_scan_id":8,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":55,"percent":55,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',9,1,'{"row":9,"device_id":1,"scan_id":9,"last_scan_id":9,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":50,"percent":50,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',10,1,'{"row":10,"device_id":1,"scan_id":10,"last_scan_id":10,"pos":0,"idx":1,"description":"Black Cartridge HP 59A","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":45,"percent":45,"state":"ok","part_number":"CF259A","serial":null,"level_source":null,"instance_id":1}',3);
INSERT INTO records VALUES(2,'supplies',11,2,'{"row":11,"device_id":2,"scan_id":11,"last_scan_id":14,"pos":0,"idx":1,"description":"Black Toner","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":60,"percent":60,"state":"ok","part_number":"842311","serial":null,"level_source":null,"instance_id":2}',3);
INSERT INTO records VALUES(2,'supplies',12,2,'{"row":12,"device_id":2,"scan_id":11,"last_scan_id":14,"pos":1,"idx":2,"description":"Cyan Toner","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":5,"percent":5,"state":"ok","part_number":"842314","serial":null,"level_source":null,"instance_id":3}',3);
INSERT INTO records VALUES(2,'supplies',13,2,'{"row":13,"device_id":2,"scan_id":11,"last_scan_id":14,"pos":2,"idx":3,"description":"Magenta Toner","type":"toner","class":"consumed","colorant":"magenta","unit":"percent","max":100,"level":40,"percent":40,"state":"ok","part_number":"842313","serial":null,"level_source":null,"instance_id":4}',3);
INSERT INTO records VALUES(2,'supplies',14,2,'{"row":14,"device_id":2,"scan_id":11,"last_scan_id":14,"pos":3,"idx":4,"description":"Yellow Toner","type":"toner","class":"consumed","colorant":"yellow","unit":"percent","max":100,"level":40,"percent":40,"state":"ok","part_number":"842312","serial":null,"level_source":null,"instance_id":5}',3);
INSERT INTO records VALUES(2,'supplies',15,5,'{"row":15,"device_id":5,"scan_id":19,"last_scan_id":19,"pos":0,"idx":1,"description":"Black Toner TK-5240K","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":45,"percent":45,"state":"ok","part_number":"TK-5240K","serial":null,"level_source":null,"instance_id":6}',3);
INSERT INTO records VALUES(2,'supplies',16,5,'{"row":16,"device_id":5,"scan_id":19,"last_scan_id":21,"pos":1,"idx":2,"description":"Cyan Toner TK-5240C","type":"toner","class":"consumed","colorant":"cyan","unit":"percent","max":100,"level":2,"percent":2,"state":"ok","part_number":"TK-5240C","serial":null,"level_source":null,"instance_id":7}',3);
INSERT INTO records VALUES(2,'supplies',17,5,'{"row":17,"device_id":5,"scan_id":20,"last_scan_id":20,"pos":0,"idx":1,"description":"Black Toner TK-5240K","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":35,"percent":35,"state":"ok","part_number":"TK-5240K","serial":null,"level_source":null,"instance_id":6}',3);
INSERT INTO records VALUES(2,'supplies',18,5,'{"row":18,"device_id":5,"scan_id":21,"last_scan_id":21,"pos":0,"idx":1,"description":"Black Toner TK-5240K","type":"toner","class":"consumed","colorant":"black","unit":"percent","max":100,"level":25,"percent":25,"state":"ok","part_number":"TK-5240K","serial":null,"level_source":null,"instance_id":6}',3);
INSERT INTO records VALUES(2,'supply_instances',1,1,'{"id":1,"device_id":1,"idx":1,"description":"Black Cartridge HP 59A","part_number":"CF259A","serial":null,"first_scan_id":1,"last_scan_id":10,"first_seen":1766793600,"last_seen":1774569600,"first_level":90,"last_level":45,"first_total":10000,"last_total":5500}',3);
INSERT INTO records VALUES(2,'supply_instances',2,2,'{"id":2,"device_id":2,"idx":1,"description":"Black Toner","part_number":"842311","serial":null,"first_scan_id":11,"last_scan_id":14,"first_seen":1767225600,"last_seen":1772409600,"first_level":60,"last_level":60,"first_total":1000,"last_total":7000}',3);
INSERT INTO records VALUES(2,'supply_instances',3,2,'{"id":3,"device_id":2,"idx":2,"description":"Cyan Toner","part_number":"842314","serial":null,"first_scan_id":11,"last_scan_id":14,"first_seen":1767225600,"last_seen":1772409600,"first_level":5,"last_level":5,"first_total":1000,"last_total":7000}',3);
INSERT INTO records VALUES(2,'supply_instances',4,2,'{"id":4,"device_id":2,"idx":3,"description":"Magenta Toner","part_number":"842313","serial":null,"first_scan_id":11,"last_scan_id":14,"first_seen":1767225600,"last_seen":1772409600,"first_level":40,"last_level":40,"first_total":1000,"last_total":7000}',3);
INSERT INTO records VALUES(2,'supply_instances',5,2,'{"id":5,"device_id":2,"idx":4,"description":"Yellow Toner","part_number":"842312","serial":null,"first_scan_id":11,"last_scan_id":14,"first_seen":1767225600,"last_seen":1772409600,"first_level":40,"last_level":40,"first_total":1000,"last_total":7000}',3);
INSERT INTO records VALUES(2,'supply_instances',6,5,'{"id":6,"device_id":5,"idx":1,"description":"Black Toner TK-5240K","part_number":"TK-5240K","serial":null,"first_scan_id":19,"last_scan_id":21,"first_seen":1767225600,"last_seen":1768953600,"first_level":45,"last_level":25,"first_total":1000,"last_total":3000}',3);
INSERT INTO records VALUES(2,'supply_instances',7,5,'{"id":7,"device_id":5,"idx":2,"description":"Cyan Toner TK-5240C","part_number":"TK-5240C","serial":null,"first_scan_id":19,"last_scan_id":21,"first_seen":1767225600,"last_seen":1768953600,"first_level":2,"last_level":2,"first_total":1000,"last_total":3000}',3);
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
	hash TEXT NOT NULL,
	created INTEGER NOT NULL,
	changed INTEGER NOT NULL
);
CREATE TABLE user_accounts (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	PRIMARY KEY (user_id, account_id)
) WITHOUT ROWID;
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created INTEGER NOT NULL,
	seen INTEGER NOT NULL,
	expires INTEGER NOT NULL
);
CREATE TABLE collector_sequences (
	fingerprint TEXT PRIMARY KEY,
	last_sequence INTEGER NOT NULL
);
INSERT INTO collector_sequences VALUES('tqrp-5zfn-0dfm-kwhv',2);
INSERT INTO collector_sequences VALUES('x28z-frwf-s0z2-hn74',1);
CREATE TABLE login_attempts (
	who TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last INTEGER NOT NULL,
	next_ok INTEGER NOT NULL
);
CREATE TABLE supply_orders (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	site_id INTEGER NOT NULL REFERENCES sites (id),
	device_src INTEGER NOT NULL,
	idx INTEGER NOT NULL,
	installed INTEGER NOT NULL,
	part_number TEXT,
	reason TEXT NOT NULL,
	suggested INTEGER NOT NULL,
	ordered INTEGER,
	ordered_by TEXT,
	UNIQUE (site_id, device_src, idx, installed)
);
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	time INTEGER NOT NULL,
	who TEXT NOT NULL,
	address TEXT,
	account TEXT,
	action TEXT NOT NULL,
	detail TEXT
);
INSERT INTO audit_log VALUES(1,1796576557,'cli:root',NULL,'gen','export','hub meters 2026-12');
INSERT INTO audit_log VALUES(2,1796576557,'cli:root',NULL,'fixture','export','hub meters 2026-02');
CREATE TABLE notify_rules (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	name TEXT NOT NULL,
	conditions TEXT NOT NULL,
	target TEXT NOT NULL,
	secret TEXT,
	threshold INTEGER NOT NULL,
	days INTEGER NOT NULL,
	silent_days INTEGER NOT NULL,
	digest_hour INTEGER,
	last_digest INTEGER,
	created INTEGER NOT NULL,
	UNIQUE (account_id, name)
);
CREATE TABLE notify_open (
	rule_id INTEGER NOT NULL REFERENCES notify_rules (id),
	key TEXT NOT NULL,
	opened INTEGER NOT NULL,
	PRIMARY KEY (rule_id, key)
);
CREATE TABLE notify_messages (
	id INTEGER PRIMARY KEY,
	rule_id INTEGER NOT NULL REFERENCES notify_rules (id),
	created INTEGER NOT NULL,
	digest INTEGER NOT NULL,
	notices INTEGER NOT NULL,
	subject TEXT NOT NULL,
	text TEXT NOT NULL,
	json TEXT NOT NULL,
	attempts INTEGER NOT NULL,
	next_try INTEGER,
	status TEXT NOT NULL
);
CREATE TABLE notify_notices (
	id INTEGER PRIMARY KEY,
	rule_id INTEGER NOT NULL REFERENCES notify_rules (id),
	time INTEGER NOT NULL,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	site TEXT,
	collector TEXT,
	device_src INTEGER NOT NULL,
	serial TEXT,
	model TEXT,
	address TEXT,
	location TEXT,
	detail TEXT,
	since INTEGER,
	message_id INTEGER REFERENCES notify_messages (id)
);
CREATE TABLE notify_log (
	id INTEGER PRIMARY KEY,
	time INTEGER NOT NULL,
	account TEXT NOT NULL,
	rule TEXT NOT NULL,
	message_id INTEGER NOT NULL,
	target TEXT NOT NULL,
	attempt INTEGER NOT NULL,
	outcome TEXT NOT NULL,
	detail TEXT
);
CREATE TABLE rdl_config (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	domain TEXT NOT NULL,
	idle INTEGER NOT NULL,
	life INTEGER NOT NULL,
	poll INTEGER NOT NULL,
	changed INTEGER NOT NULL
);
CREATE TABLE rdl_accounts (
	account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
	since INTEGER NOT NULL
);
CREATE TABLE rdl_rights (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, account_id)
) WITHOUT ROWID;
CREATE TABLE rdl_sessions (
	id INTEGER PRIMARY KEY,
	who TEXT NOT NULL,
	account TEXT NOT NULL,
	device_id INTEGER NOT NULL,
	address TEXT NOT NULL,
	collector TEXT NOT NULL,
	started INTEGER NOT NULL,
	ended INTEGER,
	reason TEXT
);
CREATE TABLE rdl_requests (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES rdl_sessions (id),
	time INTEGER NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	status INTEGER NOT NULL,
	bytes_up INTEGER NOT NULL,
	bytes_down INTEGER NOT NULL
);
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 VALUES('collectors','collectors_account','2 1');
INSERT INTO sqlite_stat1 VALUES('collectors','collectors_trusted','2 1');
CREATE UNIQUE INDEX collectors_trusted ON collectors (fingerprint) WHERE removed IS NULL;
CREATE INDEX collectors_account ON collectors (account_id);
CREATE INDEX devices_account ON devices (account_id, address);
CREATE INDEX records_device ON records (site_id, device_src);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX login_attempts_last ON login_attempts (last);
CREATE INDEX supply_orders_account ON supply_orders (account_id);
CREATE INDEX audit_log_account ON audit_log (account, time);
CREATE INDEX audit_log_time ON audit_log (time);
CREATE INDEX notify_messages_due ON notify_messages (status, next_try);
CREATE INDEX notify_notices_rule ON notify_notices (rule_id, message_id);
CREATE INDEX notify_log_time ON notify_log (time);
CREATE INDEX rdl_sessions_started ON rdl_sessions (started);
CREATE INDEX rdl_requests_session ON rdl_requests (session_id);
COMMIT;
PRAGMA application_id = 1178683458;
PRAGMA user_version = 11;
