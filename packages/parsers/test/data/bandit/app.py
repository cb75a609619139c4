import subprocess
import pickle
import hashlib

password = "hunter2-Secret"


def run(cmd):
    return subprocess.call(cmd, shell=True)


def load(data):
    return pickle.loads(data)


def digest(text):
    return hashlib.md5(text.encode()).hexdigest()


assert run("true") == 0
