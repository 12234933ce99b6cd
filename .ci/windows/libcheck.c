/*
 * libcheck.c: links every library of the Windows dependency cache
 * (.ci/windows/deps.sh) into one static program and prints each one's
 * version as the library itself reports it, one "NAME VERSION" a line;
 * then runs one real call of each (a SQLite query, a zstd and zlib round
 * trip, a sealed box, JSON, an XML parse, a tar in memory, a regex), and
 * exits 1 when one fails.  tests/cli/t8000-windows.sh runs it under Wine
 * and compares the versions with the Linux build's.
 */
#include <stdio.h>
#include <string.h>

#include <archive.h>
#include <curl/curl.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <sqlite3.h>
#include <tre/tre.h>
#include <xlsxwriter.h>
#include <zlib.h>
#include <zstd.h>

static int failed;

static void
check(const char *what, int ok)
{
	if (!ok) {
		printf("FAIL %s\n", what);
		failed = 1;
	}
}

int
main(void)
{
	unsigned char	 pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
	unsigned char	 sealed[crypto_box_SEALBYTES + 5], open_[5];
	char		 z[256], back[64];
	const char	*msg = "fleetaudit fleetaudit fleetaudit";
	size_t		 zn;
	uLongf		 zl = sizeof(z), bl = sizeof(back);
	sqlite3		*db;
	sqlite3_stmt	*st;
	json_object	*o;
	xmlDocPtr	 doc;
	regex_t		 re;
	struct archive	*a;
	char		 tar[10240];
	size_t		 used;
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	printf("sqlite3 %s\n", sqlite3_libversion());
	printf("libsodium %s\n", sodium_version_string());
	printf("json-c %s\n", json_c_version());
	printf("libxml2 %s\n", xmlParserVersion);
	printf("libarchive %s\n", archive_version_details());
	printf("libxlsxwriter %s\n", lxw_version());
	printf("curl %s ssl=%s\n", cv->version, cv->ssl_version);
	printf("net-snmp %s\n", netsnmp_get_version());
	printf("libzstd %s\n", ZSTD_versionString());
	printf("zlib %s\n", zlibVersion());
	printf("openssl %s\n", OpenSSL_version(OPENSSL_VERSION));

	check("sqlite", sqlite3_open(":memory:", &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "select json_extract('{\"a\":42}', '$.a')",
	    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int(st, 0) == 42);
	zn = ZSTD_compress(z, sizeof(z), msg, strlen(msg), 3);
	check("zstd", !ZSTD_isError(zn) && ZSTD_decompress(back, sizeof(back),
	    z, zn) == strlen(msg) && memcmp(back, msg, strlen(msg)) == 0);
	check("zlib", compress((Bytef *)z, &zl, (const Bytef *)msg,
	    strlen(msg)) == Z_OK && uncompress((Bytef *)back, &bl,
	    (const Bytef *)z, zl) == Z_OK && bl == strlen(msg));
	check("sodium", sodium_init() >= 0 && crypto_box_keypair(pk, sk) == 0 &&
	    crypto_box_seal(sealed, (const unsigned char *)"hello", 5, pk) ==
	    0 && crypto_box_seal_open(open_, sealed, sizeof(sealed), pk, sk) ==
	    0 && memcmp(open_, "hello", 5) == 0);
	o = json_tokener_parse("{\"n\": [1, 2, 3]}");
	check("json-c", o != NULL && json_object_array_length(
	    json_object_object_get(o, "n")) == 3);
	json_object_put(o);
	doc = xmlReadMemory("<a><b>x</b></a>", 15, "x.xml", NULL, XML_PARSE_NONET);
	check("libxml2", doc != NULL && strcmp((const char *)
	    xmlDocGetRootElement(doc)->name, "a") == 0);
	xmlFreeDoc(doc);
	check("tre", tre_regcomp(&re, "^HP (LaserJet|OfficeJet) [0-9]+$",
	    REG_EXTENDED | REG_NOSUB) == 0 && tre_regexec(&re,
	    "HP LaserJet 400", 0, NULL, 0) == 0 && tre_regexec(&re,
	    "HP DeskJet 400", 0, NULL, 0) == REG_NOMATCH);
	a = archive_write_new();
	check("libarchive", archive_write_set_format_pax_restricted(a) ==
	    ARCHIVE_OK && archive_write_add_filter_zstd(a) == ARCHIVE_OK &&
	    archive_write_open_memory(a, tar, sizeof(tar), &used) ==
	    ARCHIVE_OK && archive_write_close(a) == ARCHIVE_OK && used > 0);
	archive_write_free(a);
	check("curl schannel", cv->ssl_version != NULL &&
	    strstr(cv->ssl_version, "Schannel") != NULL);
	check("net-snmp SHA-512, AES-256", usmHMAC384SHA512AuthProtocol[0] == 1 &&
	    usmAES256PrivProtocol[0] == 1);
	return failed;
}
