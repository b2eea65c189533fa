#!/usr/bin/python3
"""A 512-byte x86 real-mode boot sector, assembled by hand (no nasm needed).

The guest sets 80x25 text mode, paints the screen in one colour (blue for the
idle guest, red for the busy one), hides the cursor (so screenshots are stable),
prints a banner at row 10 via BIOS int 10h teletype, then either idles
(`sti; hlt; jmp` -> ~0 % host CPU) or spins (`jmp $` -> 100 % of its vCPU).

    write_image(path, busy=False)   writes the 512-byte raw disk image
    BANNER_IDLE / BANNER_BUSY       the texts shown on screen

    write_serial_image(path)        a guest with no video at all: writes BANNER_SERIAL to COM1
                                    (port 0x3F8, never int 10h), then echoes each byte it
                                    receives there

Run as a script: bootsector.py PATH [--busy|--serial]
"""
import struct
import sys

BANNER_IDLE = "VIMANA TEST GUEST"
BANNER_BUSY = "VIMANA BUSY GUEST"
ATTR_IDLE = 0x1F   # white on blue
ATTR_BUSY = 0x4F   # white on red
BANNER_ROW = 10
BANNER_SERIAL = "VIMANA SERIAL GUEST"


def build(busy=False):
    banner = BANNER_BUSY if busy else BANNER_IDLE
    attr = ATTR_BUSY if busy else ATTR_IDLE
    col = (80 - len(banner)) // 2
    code = bytearray()
    code += bytes([0xFA])                               # cli
    code += bytes([0x31, 0xC0])                         # xor ax, ax
    code += bytes([0x8E, 0xD8])                         # mov ds, ax
    code += bytes([0x8E, 0xC0])                         # mov es, ax
    code += bytes([0x8E, 0xD0])                         # mov ss, ax
    code += bytes([0xBC, 0x00, 0x7C])                   # mov sp, 0x7c00
    code += bytes([0xFC])                               # cld
    code += bytes([0xB8, 0x03, 0x00])                   # mov ax, 0x0003 (80x25 text, clears)
    code += bytes([0xCD, 0x10])                         # int 0x10
    code += bytes([0xB4, 0x01])                         # mov ah, 0x01   (cursor shape)
    code += bytes([0xB9, 0x00, 0x20])                   # mov cx, 0x2000 (hidden)
    code += bytes([0xCD, 0x10])                         # int 0x10
    code += bytes([0xB8, 0x00, 0x06])                   # mov ax, 0x0600 (scroll up = clear window)
    code += bytes([0xB7, attr])                         # mov bh, attr
    code += bytes([0x31, 0xC9])                         # xor cx, cx     (0,0)
    code += bytes([0xBA, 0x4F, 0x18])                   # mov dx, 0x184F (24,79)
    code += bytes([0xCD, 0x10])                         # int 0x10
    code += bytes([0xB4, 0x02])                         # mov ah, 0x02   (set cursor pos)
    code += bytes([0x30, 0xFF])                         # xor bh, bh
    code += bytes([0xBA, col, BANNER_ROW])              # mov dx, row:col
    code += bytes([0xCD, 0x10])                         # int 0x10
    msg_fixup = len(code) + 1
    code += bytes([0xBE, 0x00, 0x00])                   # mov si, msg (patched below)
    code += bytes([0xBB, attr, 0x00])                   # mov bx, attr (bh page 0)
    loop = len(code)
    code += bytes([0xAC])                               # lodsb
    code += bytes([0x84, 0xC0])                         # test al, al
    code += bytes([0x74, 0x06])                         # jz +6 (past the 6 bytes below)
    code += bytes([0xB4, 0x0E])                         # mov ah, 0x0e (teletype)
    code += bytes([0xCD, 0x10])                         # int 0x10
    back = loop - (len(code) + 2)
    code += bytes([0xEB, back & 0xFF])                  # jmp loop
    if busy:
        code += bytes([0xEB, 0xFE])                     # spin: jmp $
    else:
        code += bytes([0xFB, 0xF4, 0xEB, 0xFC])         # idle: sti; hlt; jmp idle
    msg_addr = 0x7C00 + len(code)
    struct.pack_into("<H", code, msg_fixup, msg_addr)
    code += banner.encode("ascii") + b"\0"
    if len(code) > 510:
        raise ValueError("boot sector code too large")
    return bytes(code) + bytes(510 - len(code)) + b"\x55\xAA"


def build_serial():
    """The serial guest: banner + CR LF out of COM1, then an echo loop. Each byte goes out once
    the line status register says the transmitter holding register is empty."""
    code = bytearray()
    code += bytes([0xFA])                               # cli
    code += bytes([0x31, 0xC0])                         # xor ax, ax
    code += bytes([0x8E, 0xD8])                         # mov ds, ax
    code += bytes([0x8E, 0xD0])                         # mov ss, ax
    code += bytes([0xBC, 0x00, 0x7C])                   # mov sp, 0x7c00
    code += bytes([0xFC])                               # cld
    msg_fixup = len(code) + 1
    code += bytes([0xBE, 0x00, 0x00])                   # mov si, msg (patched below)
    prints = len(code)
    code += bytes([0xAC])                               # print: lodsb
    code += bytes([0x84, 0xC0])                         # test al, al
    code += bytes([0x74, 0x05])                         # jz echo (past the 5 bytes below)
    call_1 = len(code)
    code += bytes([0xE8, 0x00, 0x00])                   # call putc (patched)
    code += bytes([0xEB, (prints - (len(code) + 2)) & 0xFF])   # jmp print
    echo = len(code)
    code += bytes([0xBA, 0xFD, 0x03])                   # echo: mov dx, 0x3fd (line status)
    code += bytes([0xEC])                               # in al, dx
    code += bytes([0xA8, 0x01])                         # test al, 1 (data ready)
    code += bytes([0x74, (echo - (len(code) + 2)) & 0xFF])     # jz echo
    code += bytes([0xBA, 0xF8, 0x03])                   # mov dx, 0x3f8
    code += bytes([0xEC])                               # in al, dx
    call_2 = len(code)
    code += bytes([0xE8, 0x00, 0x00])                   # call putc (patched)
    code += bytes([0xEB, (echo - (len(code) + 2)) & 0xFF])     # jmp echo
    putc = len(code)
    code += bytes([0x50])                               # putc: push ax
    code += bytes([0xBA, 0xFD, 0x03])                   # mov dx, 0x3fd
    wait = len(code)
    code += bytes([0xEC])                               # wait: in al, dx
    code += bytes([0xA8, 0x20])                         # test al, 0x20 (transmitter empty)
    code += bytes([0x74, (wait - (len(code) + 2)) & 0xFF])     # jz wait
    code += bytes([0x58])                               # pop ax
    code += bytes([0xBA, 0xF8, 0x03])                   # mov dx, 0x3f8
    code += bytes([0xEE])                               # out dx, al
    code += bytes([0xC3])                               # ret
    for at in (call_1, call_2):
        struct.pack_into("<h", code, at + 1, putc - (at + 3))
    struct.pack_into("<H", code, msg_fixup, 0x7C00 + len(code))
    code += BANNER_SERIAL.encode("ascii") + b"\r\n\0"
    return bytes(code) + bytes(510 - len(code)) + b"\x55\xAA"


def write_serial_image(path):
    with open(path, "wb") as f:
        f.write(build_serial())
    return path


def write_image(path, busy=False):
    data = build(busy)
    with open(path, "wb") as f:
        f.write(data)
    return path


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bootsector.py PATH [--busy|--serial]")
    if "--serial" in sys.argv[2:]:
        write_serial_image(sys.argv[1])
    else:
        write_image(sys.argv[1], busy="--busy" in sys.argv[2:])


def build_dirty():
    """The busy guest's banner, then instead of spinning on one instruction it rewrites 512 KiB
    of its memory (segments 0x1000-0x8000) with a new word each pass: a dirty rate far above
    any bandwidth limit, so a live migration of it does not converge until its allowed
    downtime covers the 512 KiB (or it switches to post-copy)."""
    code = bytearray(build(busy=True)[:510])
    spin = code.index(bytes([0xEB, 0xFE]) + BANNER_BUSY.encode("ascii"))
    end = spin + 2 + len(BANNER_BUSY) + 1
    loop = bytearray()
    loop += bytes([0xBB, 0x01, 0x00])                   # mov bx, 1
    outer = len(loop)
    loop += bytes([0xBA, 0x00, 0x10])                   # mov dx, 0x1000
    seg = len(loop)
    loop += bytes([0x8E, 0xC2])                         # mov es, dx
    loop += bytes([0x31, 0xFF])                         # xor di, di
    loop += bytes([0xB9, 0x00, 0x80])                   # mov cx, 0x8000 (64 KiB of words)
    loop += bytes([0x89, 0xD8])                         # mov ax, bx
    loop += bytes([0xF3, 0xAB])                         # rep stosw
    loop += bytes([0x81, 0xC2, 0x00, 0x10])             # add dx, 0x1000
    loop += bytes([0x81, 0xFA, 0x00, 0x90])             # cmp dx, 0x9000
    loop += bytes([0x72, (seg - (len(loop) + 2)) & 0xFF])  # jb seg
    loop += bytes([0x43])                               # inc bx
    loop += bytes([0xEB, (outer - (len(loop) + 2)) & 0xFF])  # jmp outer
    code[spin:spin + 2] = bytes([0xEB, (end - (spin + 2)) & 0xFF])  # jmp to the loop
    code[end:end + len(loop)] = loop
    if end + len(loop) > 510:
        raise ValueError("boot sector code too large")
    return bytes(code) + b"\x55\xAA"


def write_dirty_image(path):
    with open(path, "wb") as f:
        f.write(build_dirty())
    return path
