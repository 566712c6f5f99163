/* retval.h — what `finish` says the function returned, printed as gdb's "Value
 * returned is ..." prints it.
 *
 * The return type is read from DWARF when the finish begins (program_return_type); the
 * value comes from the registers at the return, where the SysV AMD64 ABI puts it:
 * integers, enums and pointers in rax, float and double in xmm0, long double in x87's
 * st(0); a struct of up to 16 bytes in its eightbytes' registers (rax and rdx for those
 * with an integer, xmm0 and xmm1 for those of floats only), one that is a long double
 * (struct { long double x; }) in st(0), a larger one (or another with a long double)
 * in memory whose address is in rax. This file is pure: the caller
 * passes the registers and the means to read the process (ret_process). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum ret_class {
        RET_SIGNED,             /* int, long, short, ... __int128: decimal */
        RET_UNSIGNED,
        RET_BOOL,               /* true / false */
        RET_CHAR_SIGNED,        /* char, signed char: 65 'A' */
        RET_CHAR_UNSIGNED,      /* unsigned char, uint8_t: 200 '\310' */
        RET_WIDE_CHAR,          /* wchar_t, char16_t, char32_t: 120 L'x' (char_prefix) */
        RET_ENUM,               /* the enumerator's name, flags joined with | */
        RET_POINTER,            /* (int *) 0x4052a0 <counter> */
        RET_STRING,             /* a pointer to 1-byte chars: 0x402004 "hi" */
        RET_FLOAT,              /* float or double, in xmm0 */
        RET_LONG_DOUBLE,        /* x87's 80 bits, in st(0) */
        RET_COMPLEX,            /* _Complex float, double or long double: 1.5 + 2.5i
                                 * (members[0].type: a part's, RET_FLOAT or
                                 * RET_LONG_DOUBLE; the imaginary part after the real) */
        RET_STRUCT,             /* {a = 1, b = 2}: a struct's or a union's members */
        RET_REFERENCE,          /* C++'s: (int &) @0x4052a0: 5, the value read through it
                                 * (members[0].type is the referenced type) */
        RET_ARRAY,              /* {1, 2, 0 <repeats 14 times>}, or "bob\000" of chars
                                 * (members[0].type is the element's) */
        RET_STD_STRING,         /* libstdc++'s std::string: "hello", as gdb's pretty
                                 * printer shows it */
        RET_STD_VECTOR,         /* libstdc++'s std::vector: std::vector of length 2,
                                 * capacity 2 = {1, 2} (members[0].type: the element's) */
        RET_STD_TREE,           /* libstdc++'s std::map and std::set (and multi-): std::map
                                 * with 2 elements = {[1] = 2, [3] = 4}, std::set with 2
                                 * elements = {[0] = 1, [1] = 3} (members[0].type: the
                                 * element's, a pair's for a map; cast: what gdb calls
                                 * it, "std::map") */
        RET_STD_POINTER,        /* std::unique_ptr, shared_ptr, weak_ptr:
                                 * std::unique_ptr<int> = {get() = 0x4052a0},
                                 * std::shared_ptr<int> (use count 1, weak count 0) =
                                 * {get() = 0x4052a0} (cast: the name gdb's printer
                                 * gives; char_prefix 's': shared or weak) */
        RET_STD_NODES,          /* std::list, forward_list, unordered_map and _set (and
                                 * multi-), deque, optional, vector<bool>, as gdb's
                                 * printers show them (char_prefix: 'l', 'f', 'h', 'd',
                                 * 'o', 'b'; cast: the printer's name; members[0].type:
                                 * the element's) */
        RET_STD_TUPLE,          /* std::tuple: std::tuple containing = {[1] = 1, [2] =
                                 * "s"}, empty std::tuple (members: its elements, at
                                 * their offsets) */
        RET_STD_VARIANT,        /* std::variant: std::variant<int, double> [index 1] =
                                 * {2.5}, or [no contained value] (members: the
                                 * alternatives, at offset 0, then "" the index, at its
                                 * offset, unsigned) */
        RET_MEMBER_POINTER,     /* C++'s pointer to a member: of 8 bytes, to a data
                                 * member, its offset, printed as &K::m1 (enums: the
                                 * class's members by offset) or NULL (-1); of 16, to a
                                 * member function, (int (K::*)(const K * const))
                                 * 0x401638 <K::get() const> or a virtual one by its
                                 * vtable slot (enums: the virtual methods, by the
                                 * Itanium ABI's 1 + their offset in the vtable) */
        RET_INCOMPLETE,         /* a struct or class only declared (clang's default -g
                                 * leaves a library's types to the library): printed as
                                 * gdb does, <incomplete type> */
        RET_OTHER,              /* an array, union, reference, ...: the type alone */
};

struct ret_type;

struct ret_member {
        char *name;             /* owned */
        uint64_t offset;        /* bytes into the struct */
        struct ret_type *type;  /* owned */
        unsigned bit_size;      /* a bit-field's width, or 0 */
        unsigned bit_offset;    /* a bit-field's first bit, from the struct's start */
        /* A C++ static member: not in the struct's bytes; its value is the constant
         * (has_konst) or the variable of that linkage name (owned). */
        bool is_static;
        char *linkage;
        bool has_konst;
        uint8_t konst[8];
        /* A C++ virtual base (offset unused): where it is in the object is at
         * vbase_slot bytes before the address the object's vtable pointer (its first 8
         * bytes) holds, as the Itanium C++ ABI puts it; printed once in a value. */
        bool is_virtual;
        uint64_t vbase_slot;
};

struct ret_enumerator {
        int64_t value;
        char *name;             /* owned */
};

struct ret_type {
        enum ret_class cls;
        unsigned size;          /* bytes of the value */
        char *name;             /* owned: the type as C spells it ("char *", "enum color") */
        char *cast;             /* owned: a pointer's "(TYPE) " that gdb prints first,
                                 * its typedefs resolved; NULL for one to plain char */
        bool is_signed;         /* an enum's underlying type, a wide char */
        char char_prefix;       /* a wide char's: L, u or U */
        char *scope;            /* owned: what C++ enumerators are qualified with
                                 * ("ns::E::"), or NULL */
        bool flag_enum;         /* enumerators of disjoint bits: gdb prints (A | B) */
        struct ret_enumerator *enums;   /* owned */
        size_t n_enums;
        struct ret_member *members;     /* owned: a struct's, in order */
        size_t n_members;
        bool by_reference;      /* a C++ class returned through memory whatever its size
                                 * (not trivial for the purposes of calls, as the Itanium
                                 * C++ ABI says: program.c by_reference) */
};

void ret_type_free(struct ret_type *t);
/* Its members and cast only, left empty: what std_class put into a ret_type that is not
 * the heap's (a wide string's or a view's character type). */
void ret_type_free_members(struct ret_type *t);

/* A std::pair's type (a struct whose last two members are first and second, after its
 * empty base): its member first, second right after it; NULL for another type. */
const struct ret_member *ret_pair_first(const struct ret_type *t);

/* The registers a value is returned in. */
struct ret_regs {
        uint64_t rax, rdx;
        uint8_t xmm0[16], xmm1[16];
        uint8_t st0[10];
        uint8_t st1[10];        /* a long double _Complex's imaginary part */
};

/* The process, for what is in memory: a large struct, what pointers point to. */
struct ret_process {
        /* Up to len bytes at addr: how many were read, or < 0. */
        ssize_t (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
        /* The symbol addr is in, as gdb names it ("counter", "buf+1"): false if none. */
        bool (*symbol)(void *ctx, uint64_t addr, char *buf, size_t len);
        void *ctx;
        /* The address of the variable of ELF name linkage (a C++ static member): false
         * if none. NULL: static members print as <optimized out>. */
        bool (*static_addr)(void *ctx, const char *linkage, uint64_t *ret);
};

/* The bytes of the value of type t returned in r (t->size of them into out), as the
 * ABI returns it (a struct in memory read through rax): false when they cannot be. */
bool ret_value_bytes(const struct ret_type *t, const struct ret_regs *r,
                     const struct ret_process *proc, uint8_t *out);

/* How a struct of type t is passed as an argument: the class of each of its eightbytes
 * ('i' an integer register, 's' an SSE one) into cls, and their number (1 or 2); 0
 * when it is passed in memory (more than 16 bytes, a long double in it, a C++ class
 * passed by reference). */
int ret_arg_classes(const struct ret_type *t, char cls[2]);

/* The largest struct whose value is printed. */
#define RET_STRUCT_MAX 4096

/* The value of type t as gdb prints it, malloc'd; NULL when it is not printed
 * (RET_OTHER, a struct with such a member) or on ENOMEM. */
char *ret_format(const struct ret_type *t, const struct ret_regs *r,
                 const struct ret_process *proc);

/* The value of type t held in bytes (t->size of them), as gdb prints it: with top, as
 * `print` does (a pointer's type first); without, as `info locals` and struct members
 * do. NULL when it is not printed, or on ENOMEM. */
char *ret_format_bytes(const struct ret_type *t, const uint8_t *bytes, bool top,
                       const struct ret_process *proc);

/* ret_format_bytes of a value some bytes of which are not available: na[i] != 0 marks
 * bytes[i] so (na: t->size bytes, NULL when all are). A member with such a byte prints
 * as <optimized out>, as gdb prints a struct put together from pieces. */
char *ret_format_partial(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                         bool top, const struct ret_process *proc);

/* ret_format_partial as gdb's print/FMT shows the value: fmt 'x' (hex), 'd' (signed),
 * 'u' (unsigned), 'o' (octal), 't' (binary) or 'c' (a character) for every scalar in
 * it (a float by its bits, as gdb 13's; a pointer by its address alone, a char array
 * element by element); 0 as without. */
char *ret_format_as(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                    bool top, char fmt, const struct ret_process *proc);

/* ret_format_as of a value the process holds at *addr (NULL: not in memory), so that a
 * flexible array member in it (`int data[]`, an array of size 0) prints as its
 * address, as gdb's. */
char *ret_format_at(const struct ret_type *t, const uint8_t *bytes, const uint8_t *na,
                    bool top, char fmt, const uint64_t *addr, const struct ret_process *proc);
