#!/usr/bin/python3
"""Screenshots of the workbench for docs/workbench.md, from the demo's data: runs `tiaojie demo
--dir` (300 generated disputes), serves that folder, signs in as the demo's street officer and
manager and photographs the main pages. Not a test: run it by hand after a change to the pages.

Usage: tests/browser/docs_screenshots.py --tiaojie build/ci/tiaojie --out docs/workbench
"""
import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time

from selenium.webdriver.common.by import By

import workbench_browser_test as wb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiaojie", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    tiaojie = os.path.abspath(args.tiaojie)
    os.makedirs(args.out, exist_ok=True)
    folder = os.path.join(tempfile.mkdtemp(prefix="tiaojie-shots-"), "demo")
    subprocess.run([tiaojie, "demo", "--dir", folder], check=True, stdout=subprocess.DEVNULL)
    config = os.path.join(folder, "tiaojie.toml")
    with open(config, encoding="utf-8") as f:
        text = f.read()
    # The demo's own port may be taken; any free one will do here.
    text = re.sub(r'listen = "127\.0\.0\.1:\d+"', 'listen = "127.0.0.1:0"', text)
    text = re.sub(r'level = "warn"', 'level = "info"', text)
    text = re.sub(r'file = "[^"]*"', 'file = ""', text)
    with open(config, "w", encoding="utf-8") as f:
        f.write(text)
    daemon = wb.Daemon(tiaojie, config, os.path.join(folder, "serve.log"))
    wb.PASSWORDS.update({"wangfang": "demo-wangfang", "chenjie": "demo-chenjie"})
    driver = wb.browser(folder)
    driver.set_window_size(1280, 900)
    try:
        base = f"http://127.0.0.1:{daemon.http_port}"
        wb.sign_in(driver, base, "wangfang")
        driver.save_screenshot(os.path.join(args.out, "queue.png"))
        first = driver.find_elements(By.CSS_SELECTOR, "table.queue a")[0]
        wb.click_and_wait(driver, first)
        driver.save_screenshot(os.path.join(args.out, "case.png"))
        wb.sign_in(driver, base, "chenjie")
        driver.get(base + "/dashboard")
        driver.save_screenshot(os.path.join(args.out, "dashboard.png"))
        driver.get(base + "/search?from=2020-01-01&to=2020-12-31")  # the form, then a real query
        driver.get(base + "/search")
        wb.click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        driver.save_screenshot(os.path.join(args.out, "search.png"))
        driver.get(base + "/reports")
        driver.save_screenshot(os.path.join(args.out, "reports.png"))
        print(f"screenshots in {args.out}")
    finally:
        driver.quit()
        daemon.stop()
        shutil.rmtree(os.path.dirname(folder), ignore_errors=True)


if __name__ == "__main__":
    main()
