import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

// The console is built into web/dist, which the API server serves at / (infra/http/web-console.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Element Plus on demand: only the components the pages use, each with its own CSS (a third of the whole library).
  plugins: [vue(), components({ resolvers: [ElementPlusResolver()], dts: false })],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus and ECharts are large; the split below keeps each chunk cacheable on its own.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify)/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
