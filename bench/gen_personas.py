#!/usr/bin/env python3
"""Lays out N personas under an ETERNEGO_HOME exactly as the service keeps them (see README "Her files"):
record, routines, workspace and a diary key sealed under the machine key (AES-256-GCM, AAD = id, format
0x01 | nonce | ciphertext+tag). Their Minds are cloud organs at a closed loopback port, so boot needs no
network. Usage: gen_personas.py HOME N MACHINE_KEY_B64"""
import base64, json, os, sys, uuid
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

home, n, machine = sys.argv[1], int(sys.argv[2]), base64.b64decode(sys.argv[3])
aead = AESGCM(machine)
os.makedirs(os.path.join(home, "keys"), mode=0o700, exist_ok=True)
for i in range(n):
    pid = str(uuid.uuid4())
    base = os.path.join(home, "personas", pid)
    for d in ("home/history", "home/destiny", "home/meanings", "home/lessons", "home/training", "home/media",
              "workspace"):
        os.makedirs(os.path.join(base, d), mode=0o700, exist_ok=True)
    record = {"id": pid, "name": f"Bench {i}",
              "thinking": {"name": "claude-sonnet-4-6", "provider": "anthropic", "url": "http://127.0.0.1:9",
                           "api_key": "sk-ant-bench"},
              "version": "v1", "base_model": "", "birthday": "2030-01-01", "status": "active",
              "idle_timeout": 3600, "imagination": None, "mouth": None,
              "eye": {"name": "gpt-4o", "provider": "openai", "url": "http://127.0.0.1:9", "api_key": "sk-oai-bench"},
              "ear": None, "teacher": None, "researcher": None,
              "channels": [{"type": "telegram", "name": "", "credentials": {"token": "1:bench"}, "verified_at": None}]}
    with open(os.path.join(base, "home", "config.json"), "w") as f:
        json.dump(record, f, indent=2)
    with open(os.path.join(base, "home", "routines.json"), "w") as f:
        f.write('{"routines":[{"spec":"sleep","time":"00:00","recurrence":"daily"}]}\n')
    nonce = os.urandom(12)
    sealed = b"\x01" + nonce + aead.encrypt(nonce, os.urandom(32), pid.encode())
    with open(os.path.join(home, "keys", pid + ".key"), "wb") as f:
        f.write(sealed)
