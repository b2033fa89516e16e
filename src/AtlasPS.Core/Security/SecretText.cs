using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace AtlasPS.Core
{
    /// <summary>
    /// The one place a SecureString is turned into text, at the HTTP boundary. Unmanaged copies are zeroed.
    /// Callers must not keep, log or return what they get.
    /// </summary>
    public static class SecretText
    {
        /// <summary>Returns the secret as a string for an HTTP header. Used only by the auth handlers.</summary>
        internal static string Reveal(SecureString secret)
        {
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(ptr, secret.Length);
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        /// <summary>Copies the secret's UTF-8 bytes into a new array; the caller zeroes it (Array.Clear) after use.</summary>
        internal static byte[] ToUtf8(SecureString secret)
        {
            IntPtr ptr = IntPtr.Zero;
            var chars = new char[secret.Length];
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(ptr, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        /// <summary>True when the secret holds the character (e.g. '*' of a redacted value); no string is created.</summary>
        internal static bool Contains(SecureString secret, char c)
        {
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                for (int i = 0; i < secret.Length; i++)
                    if (Marshal.ReadInt16(ptr, i * 2) == c) return true;
                return false;
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        /// <summary>Builds a read-only SecureString from characters (tests, environment variables); the caller clears its own copy.</summary>
        public static SecureString FromChars(ReadOnlySpan<char> chars)
        {
            var s = new SecureString();
            foreach (var c in chars) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        public static SecureString FromString(string text) => FromChars(text.AsSpan());

        /// <summary>True when both hold the same characters; compares without creating strings.</summary>
        public static bool AreEqual(SecureString a, SecureString b)
        {
            if (a.Length != b.Length) return false;
            IntPtr pa = IntPtr.Zero, pb = IntPtr.Zero;
            try
            {
                pa = Marshal.SecureStringToGlobalAllocUnicode(a);
                pb = Marshal.SecureStringToGlobalAllocUnicode(b);
                int diff = 0;
                for (int i = 0; i < a.Length; i++) diff |= Marshal.ReadInt16(pa, i * 2) ^ Marshal.ReadInt16(pb, i * 2);
                return diff == 0;
            }
            finally
            {
                if (pa != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pa);
                if (pb != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pb);
            }
        }
    }
}
