#!/usr/bin/python3
"""The workbench in a real browser (issue 18): Selenium (Debian python3-selenium) drives headless
Chromium through chromedriver (Debian chromium-driver), both installed by .ci/setup, against a
`tiaojie serve` this test starts on a temporary folder with its own accounts.

  1. A community mediator signs in, finds the case in the queue, accepts it, resolves it with an
     outcome and sees both steps on the timeline.
  2. A street officer of another street does not see that case, in the queue or by its address.
  3. A district manager signs in, sees the case without its phone number and with no action
     forms, and opens the weekly report the daemon wrote; a mediator may not.
  4. A form posted without its CSRF token, with a valid session, is refused.
Screenshots of the queue and the case page are kept in --artifacts.

Usage: workbench_browser_test.py --tiaojie BIN --source SOURCE_DIR --artifacts DIR
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

MEDIATOR_BODY = "hz.community.fengyang.c01"
PASSWORDS = {"zhangmin": "mediator-pass-1", "wangfang": "street-pass-1", "chenjie": "manager-pass-1"}


DRIVER = None  # set while a browser runs: a failure saves what it showed
ARTIFACTS = "."


def fail(message):
    print(f"browser test: FAILED: {message}", file=sys.stderr)
    if DRIVER is not None:
        try:
            DRIVER.save_screenshot(os.path.join(ARTIFACTS, "failure.png"))
            with open(os.path.join(ARTIFACTS, "failure.html"), "w", encoding="utf-8") as f:
                f.write(DRIVER.page_source)
            print(f"browser test: the page was {DRIVER.current_url}, saved as failure.png and "
                  f"failure.html in {ARTIFACTS}", file=sys.stderr)
        except WebDriverException:
            pass
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def password_hash(tiaojie, password):
    out = subprocess.run([tiaojie, "account", "hash"], input=password + "\n", text=True,
                         capture_output=True, check=False)
    check(out.returncode == 0, f"tiaojie account hash: {out.stderr}")
    return out.stdout.strip()


def write_config(folder, source, tiaojie):
    accounts = os.path.join(folder, "accounts.toml")
    with open(accounts, "w", encoding="utf-8") as f:
        f.write(f'''[[account]]
name = "zhangmin"
display_name = "张敏"
role = "body_staff"
body = "{MEDIATOR_BODY}"
password_hash = "{password_hash(tiaojie, PASSWORDS["zhangmin"])}"

[[account]]
name = "wangfang"
display_name = "王芳"
role = "street_staff"
street = "南洲街道"
password_hash = "{password_hash(tiaojie, PASSWORDS["wangfang"])}"

[[account]]
name = "chenjie"
display_name = "陈杰"
role = "manager"
password_hash = "{password_hash(tiaojie, PASSWORDS["chenjie"])}"
''')
    os.chmod(accounts, 0o600)
    config = os.path.join(folder, "tiaojie.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f'''[server]
listen = "127.0.0.1"
port = 0
threads = 2
data_dir = "{folder}/data"

[paths]
rules = "{source}/rules"
graph = "{source}/config/bodies"
calendar = "{source}/config/calendar"
formats = "{source}/config/formats"
gazetteer = "{source}/config/gazetteer/haizhu.toml"
watch_interval_ms = 0

[http]
listen = "127.0.0.1:0"
accounts = "{accounts}"

[repeat]
key_file = "{folder}/repeat.key"

[reports]
enabled = true
district = "海珠区"

[[channel]]
id = "walk_in"
token = "browser-walkin-token"
''')
    return config


# The LD_PRELOAD this driver was started with, for the daemon (off_the_fake_clock, below).
DAEMON_PRELOAD = "TIAOJIE_BROWSER_TEST_DAEMON_PRELOAD"


class Daemon:
    def __init__(self, tiaojie, config, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w", encoding="utf-8")
        env = dict(os.environ)
        if DAEMON_PRELOAD in env:
            env["LD_PRELOAD"] = env.pop(DAEMON_PRELOAD)
        self.process = subprocess.Popen([tiaojie, "serve", "--config", config],
                                        stdout=self.log, stderr=subprocess.STDOUT, env=env)
        try:
            self.wait_listening()
        except BaseException:
            # Whatever stopped the wait (a failed check exits, an exception): the daemon must not
            # outlive the test. Two did, for over an hour, when time.sleep raised under faketime.
            self.process.kill()
            self.process.wait()
            raise

    def wait_listening(self):
        log_path = self.log_path
        deadline = time.time() + 30
        self.tcp_port = self.http_port = None
        while time.time() < deadline and not (self.tcp_port and self.http_port):
            if self.process.poll() is not None:
                fail(f"the daemon exited: {open(log_path, encoding='utf-8').read()}")
            text = open(log_path, encoding="utf-8").read()
            tcp = re.search(r"listening on 127\.0\.0\.1:(\d+)", text)
            web = re.search(r"HTTP on 127\.0\.0\.1:(\d+)", text)
            self.tcp_port = int(tcp.group(1)) if tcp else None
            self.http_port = int(web.group(1)) if web else None
            time.sleep(0.1)
        check(self.tcp_port and self.http_port, "the daemon did not start listening in 30 s")

    def submit(self, dispute):
        with socket.create_connection(("127.0.0.1", self.tcp_port), timeout=10) as s:
            f = s.makefile("rw", encoding="utf-8")
            for request in ({"id": 1, "op": "hello", "token": "browser-walkin-token"},
                            {"id": 2, "op": "submit", "dispute": dispute}):
                f.write(json.dumps(request, ensure_ascii=False) + "\n")
                f.flush()
                reply = json.loads(f.readline())
                check(reply.get("ok"), f"{request['op']}: {reply}")
            return reply

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def browser(artifacts):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"):
        options.add_argument(flag)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver",
                      log_path=os.path.join(artifacts, "chromedriver.log"))
    return webdriver.Chrome(service=service, options=options)


def replaced(page):
    """A wait condition: true once `page` (an element of the previous page) is gone.

    Selenium's staleness_of knows only StaleElementReferenceException; chromedriver sometimes
    answers for an element of a page being replaced with a plain error, "Node with given id does
    not belong to the document", which failed the test on a loaded machine. Both mean the same.
    """
    def predicate(_driver):
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return predicate


def click_and_wait(driver, element):
    """Clicks a link or a submit button and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(replaced(page))


def sign_in(driver, base, name):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS[name])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.login button"))
    check(driver.current_url.endswith("/queue"), f"{name}: not at the queue after signing in "
                                                 f"({driver.current_url}): {body_text(driver)}")


def body_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def action(driver, op, fields=None):
    form = driver.find_element(By.XPATH, f"//form[input[@name='op' and @value='{op}']]")
    for name, value in (fields or {}).items():
        element = form.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.send_keys(value)
    click_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiaojie", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    os.makedirs(args.artifacts, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="tiaojie-browser-")
    daemon = Daemon(args.tiaojie, write_config(folder, args.source, args.tiaojie),
                    os.path.join(args.artifacts, "daemon.log"))
    driver = None
    try:
        mine = daemon.submit({"external_id": "WB-1", "channel": "walk_in", "parties": 2,
                              "description": "楼上邻居深夜噪音扰民<script>alert(1)</script>，多次沟通无果",
                              "street": "凤阳", "community": "凤阳街第1社区",
                              "claimant": {"name": "李四", "phone": "13912345678"}})
        check(mine["body"] == MEDIATOR_BODY, f"the case went to {mine['body']}, not {MEDIATOR_BODY}")
        case_id = mine["case"]
        other = daemon.submit({"external_id": "WB-2", "channel": "walk_in", "parties": 2,
                               "description": "邻居装修噪音扰民", "street": "南洲"})
        base = f"http://127.0.0.1:{daemon.http_port}"
        driver = browser(args.artifacts)
        global DRIVER, ARTIFACTS
        DRIVER, ARTIFACTS = driver, args.artifacts

        # 1. The mediator: queue, case, accept, resolve, timeline.
        sign_in(driver, base, "zhangmin")
        link = driver.find_element(By.LINK_TEXT, str(case_id))
        check(str(other["case"]) not in [a.text for a in driver.find_elements(By.CSS_SELECTOR,
                                                                               "table.queue a")],
              "the mediator's queue lists another body's case")
        driver.save_screenshot(os.path.join(args.artifacts, "queue.png"))
        click_and_wait(driver, link)
        check("<script>alert(1)</script>" in body_text(driver),
              "the description's markup is not shown as text")
        check("13912345678" in body_text(driver), "the assigned body's mediator sees no phone number")
        action(driver, "accept")
        check("已受理。" in body_text(driver), f"no confirmation after accept: {body_text(driver)}")
        action(driver, "resolve", {"outcome": "resolved", "agreement": "双方约定晚十点后不再装修"})
        text = body_text(driver)
        check("已办结。" in text, f"no confirmation after resolve: {text}")
        timeline = driver.find_element(By.CSS_SELECTOR, "section.timeline").text
        for step in ("受理", "调解成功", "双方约定晚十点后不再装修"):
            check(step in timeline, f"the timeline lacks {step}: {timeline}")
        driver.save_screenshot(os.path.join(args.artifacts, "case.png"))
        cookie = driver.get_cookie("tj_session")
        check(cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              f"the session cookie is not HttpOnly and SameSite=Strict: {cookie}")

        # 4. A form without its CSRF token, sent with the mediator's valid session.
        connection = http.client.HTTPConnection("127.0.0.1", daemon.http_port, timeout=10)
        connection.request("POST", "/case/action",
                           urllib.parse.urlencode({"case": case_id, "op": "close"}),
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Cookie": f"tj_session={cookie['value']}"})
        refused = connection.getresponse()
        check(refused.status == 403, f"a form without its CSRF token got {refused.status}")
        driver.get(f"{base}/case?id={case_id}")
        check("已结案" not in driver.find_element(By.CSS_SELECTOR, "section.summary").text,
              "the case was closed by a form without its CSRF token")

        # 2. A street officer of 南洲 sees its own street's case and not the mediator's.
        sign_in(driver, base, "wangfang")
        listed = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.queue a")]
        check(str(other["case"]) in listed, f"the street officer's queue lacks its case: {listed}")
        driver.get(f"{base}/queue?show=all")
        driver.get(f"{base}/case?id={case_id}")
        check("this case is not in 南洲街道" in body_text(driver),
              f"another street's case is visible: {body_text(driver)}")

        # 3. The manager reads everywhere and acts nowhere.
        sign_in(driver, base, "chenjie")
        driver.get(f"{base}/case?id={case_id}")
        check("调解成功" in body_text(driver), "the manager cannot read the case")
        check(not driver.find_elements(By.CSS_SELECTOR, "input[name='op']"),
              "the manager is offered actions")
        check("13912345678" not in body_text(driver), "the manager sees the full phone number")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "报表"))
        # The daemon writes its reports on a thread of its own after start: give it time.
        deadline = time.time() + 30
        periods = []
        while True:
            periods = driver.find_elements(By.CSS_SELECTOR,
                                           "table.reports a[href^='/report?period=']")
            if periods or time.time() > deadline:
                break
            time.sleep(0.5)
            driver.refresh()
        check(periods, f"no report is listed: {body_text(driver)}")
        period = periods[0].text
        click_and_wait(driver, periods[0])
        check(period in driver.title and "海珠区" in body_text(driver),
              f"the report {period} did not open: {driver.title}")
        driver.save_screenshot(os.path.join(args.artifacts, "report.png"))
        # A mediator may not read the reports.
        sign_in(driver, base, "zhangmin")
        driver.get(f"{base}/reports")
        check("报表仅供区管理人员和运维人员查看" in body_text(driver), "a mediator can read the reports")
        print(f"browser test: passed (case {case_id}; screenshots in {args.artifacts})")
    except WebDriverException as e:
        import traceback
        traceback.print_exc()
        fail(f"the browser: {e.msg}")
    finally:
        if driver:
            driver.quit()
        daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)


def off_the_fake_clock():
    """Runs this driver, and so the browser, on the real clock; the daemon gets the preload back.

    The date checks run the whole suite under libfaketime (LD_PRELOAD). What must work at the
    shifted date is the daemon, which this driver starts with the preload restored. Under it,
    Python's time.sleep (and Selenium's waits, which use it) failed with EINVAL and Chromium hung:
    libfaketime 0.9.10 moves an absolute CLOCK_MONOTONIC time by the fake offset as if it were
    CLOCK_REALTIME (engine/daemon/timerfd_settime.cpp says the same of Asio's timers). Nothing
    here compares a date of its own with the daemon's.
    """
    preload = os.environ.get("LD_PRELOAD", "")
    if "faketime" not in preload:
        return
    env = dict(os.environ)
    env[DAEMON_PRELOAD] = preload
    del env["LD_PRELOAD"]
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


if __name__ == "__main__":
    off_the_fake_clock()
    main()
