"""Writes the same FortiAuthenticator requests, with the same status and
field assertions, as a Hurl file and as a fortiprobe case folder, each
repeated R times, so that both tools can be timed on identical work.

    python3 crates/fortiprobe/benches/hurl/generate.py R OUT_DIR
"""
import os
import sys

R = int(sys.argv[1])
OUT = sys.argv[2]

# (name, query, extra headers, auth, status, fortiprobe field checks, hurl asserts)
REQUESTS = [
    ("list_format_json", "format=json", {}, "default", 200,
     ["{at: /meta/offset, equals: 0}", "{at: /meta/previous, is_null: true}"],
     ['header "Content-Type" contains "application/json"', 'jsonpath "$.meta.offset" == 0', 'jsonpath "$.meta.previous" == null']),
    ("list_accept_json", "", {"Accept": "application/json"}, "default", 200,
     [],
     ['header "Content-Type" contains "application/json"']),
    ("list_default_limit", "format=json", {}, "default", 200,
     ["{at: /meta/limit, equals: 20}", "{at: /objects, max_length: 20}"],
     ['jsonpath "$.meta.limit" == 20', 'jsonpath "$.objects" count <= 20']),
    ("list_limit_1", "format=json&limit=1", {}, "default", 200,
     ["{at: /meta/limit, equals: 1}", "{at: /objects, max_length: 1}"],
     ['jsonpath "$.meta.limit" == 1', 'jsonpath "$.objects" count <= 1']),
    ("list_limit_1000", "format=json&limit=1000", {}, "default", 200,
     ["{at: /meta/limit, equals: 1000}"],
     ['jsonpath "$.meta.limit" == 1000']),
    ("no_credentials", "format=json", {}, "none", 401, [], []),
    ("unknown_user", "format=json", {}, "unknown_user", 401, [], []),
]

os.makedirs(os.path.join(OUT, "cases"), exist_ok=True)
with open(os.path.join(OUT, "bench.hurl"), "w") as hurl, \
        open(os.path.join(OUT, "cases", "bench.yaml"), "w") as case:
    case.write("product: fortiauthenticator\nendpoint: bench\ncases:\n")
    for i in range(R):
        for name, query, headers, auth, status, checks, asserts in REQUESTS:
            url = "{{fac}}/api/v1/fortitokens/" + (f"?{query}" if query else "")
            hurl.write(f"GET {url}\n")
            if auth == "default":
                hurl.write("Authorization: Basic {{basic}}\n")
            elif auth == "unknown_user":
                hurl.write("Authorization: Basic Zm9ydGlwcm9iZS1uby1zdWNoLXVzZXI6d3Jvbmc=\n")
            for k, v in headers.items():
                hurl.write(f"{k}: {v}\n")
            hurl.write(f"HTTP {status}\n")
            if asserts:
                hurl.write("[Asserts]\n" + "\n".join(asserts) + "\n")
            hurl.write("\n")
            q = [p.split("=", 1) for p in query.split("&") if p]
            case.write(f"  - name: {name}_{i}\n    summary: bench\n    steps:\n      - request:\n")
            case.write("          path: /api/v1/fortitokens/\n")
            if q:
                case.write("          query: [" + ", ".join(f"{k}: \"{v}\"" for k, v in q) + "]\n")
            if headers:
                case.write("          headers: {" + ", ".join(f"{k}: {v}" for k, v in headers.items()) + "}\n")
            if auth != "default":
                case.write(f"          auth: {auth}\n")
            case.write(f"        expect:\n          status: {status}\n")
            if status == 200:
                case.write("          content_type: application/json\n")
            if checks:
                case.write("          fields:\n" + "".join(f"            - {c}\n" for c in checks))
